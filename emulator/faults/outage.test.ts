import { callApi, expectClerkError, followLink } from "../../tests/support/call-api";
import { testSecretKey } from "../../tests/support/env";
import { startClerkEmulator } from "../http/server";
import type { ClerkEmulator } from "../types";

describe("an outage over HTTP", () => {
  let emulator: ClerkEmulator;
  let clock: number;

  beforeEach(async () => {
    clock = Date.UTC(2026, 4, 12, 9, 0, 0);
    emulator = await startClerkEmulator({ secretKey: testSecretKey(), users: ["user_a"], rateLimit: false, now: () => clock });
  });
  afterEach(() => emulator.stop());

  const create = () => callApi(emulator, "POST", "/sign_in_tokens", { body: { user_id: "user_a" } });

  it("answers every Backend API request with Clerk's 503 maintenance_mode until the window ends, then serves again", async () => {
    const before = (await create()).json() as { id: string; url: string };
    expect(emulator.outage(30)).toEqual({ kind: 503, startedAt: clock, endsAt: clock + 30_000 });

    expectClerkError(await create(), 503, { code: "maintenance_mode", message: "System under maintenance" });
    expectClerkError(await callApi(emulator, "POST", `/sign_in_tokens/${before.id}/revoke`), 503, { code: "maintenance_mode" });
    expectClerkError(await callApi(emulator, "GET", "/users"), 503, { code: "maintenance_mode" });
    expectClerkError(await callApi(emulator, "GET", "/no_such_route"), 503, { code: "maintenance_mode" });
    expect(emulator.tokens().map((t) => [t.id, t.status])).toEqual([[before.id, "pending"]]);

    clock += 29_999;
    expect((await create()).status).toBe(503);
    clock += 1; // the window's end is the first instant of normal service
    expect(emulator.currentOutage()).toBeUndefined();
    expect((await create()).status).toBe(200);
    expect(emulator.requestCounts().byStatus).toEqual({ "200": 2, "503": 5 });
    expect(emulator.requests({ status: 503 }).map((r) => r.route)).toEqual(["create", "revoke", "users", null, "create"]);
  });

  it("leaves alone what takes no place in the rate limit: the JWKS and the ticket link", async () => {
    const created = (await create()).json() as { url: string };
    emulator.outage(60);
    expect((await callApi(emulator, "GET", "/jwks")).status).toBe(200);
    expect((await followLink(emulator, created.url)).status).toBe(200);
  });

  it.each([
    [502, "text/html"],
    [500, "application/json"],
  ] as const)("answers %s (%s) when asked to", async (kind, contentType) => {
    emulator.outage(10, kind);
    const answer = await create();
    expect([answer.status, answer.headers["content-type"]]).toEqual([kind, contentType]);
    expect(emulator.tokens()).toEqual([]);
  });

  it("drops the connection for kind 'reset', before the route runs", async () => {
    emulator.outage(10, "reset");
    await expect(create()).rejects.toMatchObject({ code: "UND_ERR_SOCKET" });
    expect(emulator.tokens()).toEqual([]);
    expect(emulator.requests()).toEqual([expect.objectContaining({ route: "create", status: "reset" })]);
  });

  it("answers before the key check, and the requests it answers take no place in the rate limit", async () => {
    emulator.setRateLimit({ requests: 1, windowSeconds: 60 });
    emulator.outage(5);
    expectClerkError(await callApi(emulator, "GET", "/users", { key: "sk_test_wrong" }), 503, { code: "maintenance_mode" });
    for (let i = 0; i < 3; i += 1) expect((await create()).status).toBe(503);
    clock += 5_000;
    expect((await create()).status).toBe(200);
    expect((await create()).status).toBe(429);
  });

  it("stands in front of the fault rules: a scripted sequence does not advance during it", async () => {
    emulator.setFaults([{ route: "create", sequence: [500] }]);
    emulator.outage(1);
    expect((await create()).status).toBe(503);
    clock += 1_000;
    expect((await create()).status).toBe(500);
    expect((await create()).status).toBe(200);
  });

  it("is replaced by a new outage, ended by endOutage(), and reported by currentOutage() while it lasts", async () => {
    emulator.outage(100, 502);
    clock += 10_000;
    expect(emulator.outage(5)).toEqual({ kind: 503, startedAt: clock, endsAt: clock + 5_000 });
    expect(emulator.currentOutage()).toEqual({ kind: 503, startedAt: clock, endsAt: clock + 5_000 });
    expect((await create()).status).toBe(503);
    emulator.endOutage();
    expect(emulator.currentOutage()).toBeUndefined();
    expect((await create()).status).toBe(200);
  });

  it.each<[string, unknown, unknown, RegExp]>([
    ["no time", 0, undefined, /number of seconds > 0, got 0/],
    ["a negative time", -5, undefined, /number of seconds > 0, got -5/],
    ["an endless time", Number.POSITIVE_INFINITY, undefined, /got Infinity/],
    ["not a number", Number.NaN, undefined, /got NaN/],
    ["a string", "30", undefined, /got "30"/],
    ["an unknown kind", 30, 418, /Unknown outage kind 418 \(one of 503, 502, 500, "reset"\)/],
    ["a fault kind that is not an outage", 30, "slow", /Unknown outage kind "slow"/],
  ])("refuses %s, and starts nothing", async (_label, seconds, kind, message) => {
    expect(() => emulator.outage(seconds as number, kind as never)).toThrow(message);
    expect(emulator.currentOutage()).toBeUndefined();
    expect((await create()).status).toBe(200);
  });
});
