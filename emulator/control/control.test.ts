import { request } from "undici";
import { callApi, expectClerkError, followLink } from "../../tests/support/call-api";
import { callControl } from "../../tests/support/call-control";
import { testSecretKey } from "../../tests/support/env";
import { startClerkEmulator } from "../http/server";
import type { ClerkEmulator } from "../types";

interface Minted {
  id: string;
  token: string;
  url: string;
}

describe("the control surface", () => {
  let emulator: ClerkEmulator;
  let clock: number;
  let key: string;

  beforeEach(async () => {
    clock = Date.UTC(2026, 4, 12, 9, 0, 0);
    key = testSecretKey();
    emulator = await startClerkEmulator({
      secretKey: key,
      users: ["user_a", { id: "user_b", organizationIds: ["org_1"] }],
      rateLimit: false,
      now: () => clock,
      controlPort: 0,
    });
  });
  afterEach(() => emulator.stop());

  const control = (method: string, path: string, body?: unknown) => callControl(emulator, method, path, body === undefined ? {} : { body });
  const mint = async (body: Record<string, unknown>): Promise<Minted> =>
    (await callApi(emulator, "POST", "/sign_in_tokens", { body })).json() as Minted;
  const expectControlError = (answer: { status: number; json(): unknown }, status: number, code: string, message?: RegExp) => {
    expect({ status: answer.status, body: answer.json() }).toEqual({
      status,
      body: { error: { code, message: message === undefined ? expect.any(String) : expect.stringMatching(message) } },
    });
  };

  it("is started only when asked for, on a port of its own on 127.0.0.1", async () => {
    expect(emulator.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(emulator.controlUrl as string).port).not.toBe(new URL(emulator.url).port);
    const plain = await startClerkEmulator({ secretKey: testSecretKey() });
    try {
      expect(plain.controlUrl).toBeUndefined();
    } finally {
      await plain.stop();
    }
  });

  it("GET / says where the emulator serves and lists the routes, without the key", async () => {
    const answer = await control("GET", "/");
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(answer.json()).toEqual({
      url: emulator.url,
      signInPage: emulator.signInPage,
      instanceId: emulator.instanceId,
      seed: emulator.seed,
      routes: [
        "GET /",
        "GET /tickets",
        "GET /tickets/{id}",
        "GET /sessions",
        "GET /requests",
        "DELETE /requests",
        "GET /requests/counts",
        "GET /faults",
        "PUT /faults",
        "DELETE /faults",
        "GET /outage",
        "POST /outage",
        "DELETE /outage",
      ],
    });
    expect(answer.text).not.toContain(key);
  });

  describe("tickets and sessions", () => {
    it("lists tickets with their ids, user, status and times, never the ticket or the link", async () => {
      const one = await mint({ user_id: "user_a", expires_in_seconds: 60 });
      clock += 1_000;
      const two = await mint({ user_id: "user_b", org_id: "org_1" });
      emulator.revoke(two.id);
      clock += 60_000;
      const answer = await control("GET", "/tickets");
      expect(answer.json()).toEqual({
        tickets: [
          {
            id: one.id,
            userId: "user_a",
            orgId: null,
            status: "pending",
            expired: true,
            createdAt: clock - 61_000,
            updatedAt: clock - 61_000,
            expiresAt: clock - 1_000,
          },
          {
            id: two.id,
            userId: "user_b",
            orgId: "org_1",
            status: "revoked",
            expired: false,
            createdAt: clock - 60_000,
            updatedAt: clock - 60_000,
            expiresAt: clock - 60_000 + 2_592_000_000,
          },
        ],
      });
      expect(answer.text.includes(one.token) || answer.text.includes(one.url) || answer.text.includes("eyJ")).toBe(false);
    });

    it("calls a ticket expired from the instant its ticket would be refused as expired", async () => {
      const ticket = await mint({ user_id: "user_a", expires_in_seconds: 60 });
      const expired = async () =>
        ((await control("GET", `/tickets/${ticket.id}`)).json() as { ticket: { expired: boolean } }).ticket.expired;
      clock += 59_999;
      expect(await expired()).toBe(false);
      clock += 1;
      expect(await expired()).toBe(true);
      expectClerkError(await followLink(emulator, ticket.url), 400, { code: "ticket_expired_code" });
    });

    it("filters by user and status, shows one ticket by id, and says 404 for an unknown one", async () => {
      const one = await mint({ user_id: "user_a" });
      await mint({ user_id: "user_b" });
      emulator.accept(one.id);
      const ids = async (query: string) =>
        ((await control("GET", `/tickets${query}`)).json() as { tickets: Array<{ id: string }> }).tickets.length;
      expect([await ids("?status=accepted"), await ids("?userId=user_b"), await ids("?userId=user_b&status=accepted")]).toEqual([1, 1, 0]);
      expect((await control("GET", `/tickets/${one.id}`)).json()).toEqual({
        ticket: expect.objectContaining({ id: one.id, status: "accepted" }),
      });
      expectControlError(await control("GET", "/tickets/sit_nope"), 404, "ticket_not_found", /sit_nope/);
    });

    it.each([
      ["/tickets?status=expired", "invalid_parameter", /status must be one of pending, accepted, revoked, got "expired"/],
      ["/tickets?user_id=user_a", "unknown_parameter", /unknown query parameter "user_id" \(known: userId, status\)/],
      ["/sessions?status=gone", "invalid_parameter", /status must be one of active, revoked, ended/],
      ["/requests?route=delete", "invalid_parameter", /route must be one of create, revoke/],
      ["/requests?status=ok", "invalid_parameter", /status must be an HTTP status or "reset"/],
    ])("refuses %s with a clear message", async (path, code, message) => {
      expectControlError(await control("GET", path), 400, code, message);
    });

    it("lists the sessions sign-ins made, without their cookies", async () => {
      const ticket = await mint({ user_id: "user_b", org_id: "org_1" });
      const accepted = await followLink(emulator, ticket.url);
      const cookie = String(accepted.headers["set-cookie"]).split(";")[0]?.split("=")[1] as string;
      const answer = await control("GET", "/sessions?userId=user_b&status=active");
      expect(answer.json()).toEqual({ sessions: emulator.sessions() });
      expect(emulator.sessions()).toEqual([expect.objectContaining({ userId: "user_b", orgId: "org_1", signInTokenId: ticket.id })]);
      expect(answer.text).not.toContain(cookie);
    });
  });

  describe("the request log", () => {
    it("lists requests with their route and counts them by route and by status; its own requests are not in it", async () => {
      await mint({ user_id: "user_a" });
      await mint({ user_id: "user_missing" });
      await callApi(emulator, "GET", "/users", { key: "sk_test_wrong" });
      await callApi(emulator, "GET", "/nope");
      await control("GET", "/tickets");
      expect((await control("GET", "/requests/counts")).json()).toEqual({
        total: 4,
        byRoute: { create: 2, users: 1 },
        unmatched: 1,
        byStatus: { "200": 1, "401": 1, "404": 2 },
      });
      expect((await control("GET", "/requests?route=create&status=404")).json()).toEqual({
        requests: [{ method: "POST", path: "/v1/sign_in_tokens", route: "create", status: 404, at: clock }],
      });
      expect((await control("GET", "/requests?method=get")).json()).toEqual({ requests: emulator.requests({ method: "GET" }) });
    });

    it("DELETE /requests empties the log", async () => {
      await mint({ user_id: "user_a" });
      expect((await control("DELETE", "/requests")).json()).toEqual({ cleared: 1 });
      expect(emulator.requests()).toEqual([]);
      expect((await control("GET", "/requests")).json()).toEqual({ requests: [] });
    });
  });

  describe("faults", () => {
    it("PUT /faults sets the rules, GET shows them, DELETE takes them away", async () => {
      const rules = [{ route: "create", sequence: [503, "ok", 502] }];
      expect((await control("PUT", "/faults", { rules })).json()).toEqual({ rules });
      expect((await control("GET", "/faults")).json()).toEqual({ rules });
      expect(emulator.faultRules()).toEqual(rules);
      const statuses = [];
      for (let i = 0; i < 4; i += 1)
        statuses.push((await callApi(emulator, "POST", "/sign_in_tokens", { body: { user_id: "user_a" } })).status);
      expect(statuses).toEqual([503, 200, 502, 200]);

      emulator.setFaults([{ route: "*", probability: 1, kinds: [500] }]);
      expect((await control("DELETE", "/faults")).json()).toEqual({ rules: [] });
      expect((await callApi(emulator, "GET", "/users")).status).toBe(200);
    });

    it.each<[string, unknown, RegExp]>([
      ["an unknown route", { rules: [{ route: "delete", sequence: [500] }] }, /Unknown fault route: delete/],
      ["an unknown kind", { rules: [{ route: "create", probability: 0.5, kinds: [418] }] }, /Unknown fault kind: 418/],
      ["a misspelt field", { rules: [{ route: "create", probabilty: 0.5 }] }, /unknown field `probabilty`/],
      ["rules that are not a list", { rules: { route: "create" } }, /must be a list/],
      ["no rules at all", {}, /must be a list/],
    ])("refuses %s with the reason, and keeps the rules in force", async (_label, body, message) => {
      emulator.setFaults([{ route: "users", sequence: [503] }]);
      expectControlError(await control("PUT", "/faults", body), 400, "invalid_fault_rules", message);
      expect(emulator.faultRules()).toEqual([{ route: "users", sequence: [503] }]);
    });

    it("refuses a body that is not a JSON object, or not sent as JSON", async () => {
      const put = (rawBody: string, contentType?: string) =>
        callControl(emulator, "PUT", "/faults", { rawBody, headers: contentType === undefined ? {} : { "content-type": contentType } });
      expectControlError(await put("{", "application/json"), 400, "invalid_json");
      expectControlError(await put("[]", "application/json"), 400, "invalid_body");
      expectControlError(await put(JSON.stringify({ rules: [] })), 415, "unsupported_media_type");
      expectControlError(await put(JSON.stringify({ rules: [] }), "text/plain"), 415, "unsupported_media_type");
      expectControlError(await control("PUT", "/faults", { rules: [], extra: 1 }), 400, "unknown_parameter", /unknown field "extra"/);
    });
  });

  describe("outages", () => {
    it("POST /outage starts one for N seconds from now: the API answers 503 maintenance_mode until it ends", async () => {
      expect((await control("POST", "/outage", { seconds: 30 })).json()).toEqual({
        outage: { kind: 503, startedAt: clock, endsAt: clock + 30_000 },
      });
      expect((await control("GET", "/outage")).json()).toEqual({ outage: { kind: 503, startedAt: clock, endsAt: clock + 30_000 } });
      expectClerkError(await callApi(emulator, "POST", "/sign_in_tokens", { body: { user_id: "user_a" } }), 503, {
        code: "maintenance_mode",
      });
      clock += 30_000;
      expect((await control("GET", "/outage")).json()).toEqual({ outage: null });
      expect((await callApi(emulator, "GET", "/users")).status).toBe(200);
      expect(emulator.tokens()).toEqual([]);
    });

    it("takes another kind: a 502 or a connection reset", async () => {
      await control("POST", "/outage", { seconds: 10, kind: 502 });
      expect((await callApi(emulator, "GET", "/users")).status).toBe(502);
      await control("POST", "/outage", { seconds: 10, kind: "reset" });
      await expect(callApi(emulator, "GET", "/users")).rejects.toMatchObject({ code: "UND_ERR_SOCKET" });
    });

    it("DELETE /outage ends it now", async () => {
      await control("POST", "/outage", { seconds: 3600 });
      expect((await control("DELETE", "/outage")).json()).toEqual({ outage: null });
      expect((await callApi(emulator, "GET", "/users")).status).toBe(200);
    });

    it.each<[unknown, RegExp]>([
      [{}, /number of seconds > 0, got undefined/],
      [{ seconds: 0 }, /got 0/],
      [{ seconds: "30" }, /got "30"/],
      [{ seconds: 30, kind: 429 }, /Unknown outage kind 429 \(one of 503, 502, 500, "reset"\)/],
    ])("refuses %j with the reason, and starts nothing", async (body, message) => {
      expectControlError(await control("POST", "/outage", body), 400, "invalid_outage", message);
      expect(emulator.currentOutage()).toBeUndefined();
    });

    it("refuses an unknown field", async () => {
      expectControlError(
        await control("POST", "/outage", { seconds: 5, status: 502 }),
        400,
        "unknown_parameter",
        /"status" \(known: seconds, kind\)/,
      );
    });
  });

  it("answers 404 for an unknown path and 405 with Allow for a wrong method", async () => {
    expectControlError(await control("GET", "/nope"), 404, "not_found", /GET \/ lists them/);
    const wrong = await control("POST", "/tickets");
    expectControlError(wrong, 405, "method_not_allowed");
    expect(wrong.headers.allow).toBe("GET");
    expect((await control("PATCH", "/faults")).headers.allow).toBe("GET, PUT, DELETE");
  });

  it("answers no request that names another host, as a page reaching it by DNS rebinding would", async () => {
    const foreign = await callControl(emulator, "GET", "/tickets", { headers: { host: "attacker.example:80" } });
    expectControlError(foreign, 403, "forbidden_host");
    const port = new URL(emulator.controlUrl as string).port;
    expect((await callControl(emulator, "GET", "/tickets", { headers: { host: `localhost:${port}` } })).status).toBe(200);
  });

  it("shows no ticket, link, key or cookie anywhere, after every kind of activity", async () => {
    const tickets = [await mint({ user_id: "user_a" }), await mint({ user_id: "user_b" })];
    const accepted = await followLink(emulator, tickets[0]?.url as string);
    const cookie = String(accepted.headers["set-cookie"]).split(";")[0]?.split("=")[1] as string;
    await callApi(emulator, "GET", `/users?email_address=${encodeURIComponent("secret@example.com")}`);
    emulator.setFaults([{ route: "create", sequence: [503] }]);
    emulator.outage(1);
    const secrets = [key, cookie, "secret@example.com", "eyJ", ...tickets.flatMap((t) => [t.token, t.url])];
    for (const path of [
      "/",
      "/tickets",
      `/tickets/${tickets[0]?.id}`,
      "/sessions",
      "/requests",
      "/requests/counts",
      "/faults",
      "/outage",
    ]) {
      const text = (await control("GET", path)).text;
      expect({ path, leaked: secrets.filter((secret) => text.includes(secret)) }).toEqual({ path, leaked: [] });
    }
  });

  it("closes with stop()", async () => {
    const url = emulator.controlUrl as string;
    await emulator.stop();
    await expect(request(`${url}/tickets`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("refuses a control port that is not a port", async () => {
    await expect(startClerkEmulator({ secretKey: testSecretKey(), controlPort: 70_000 })).rejects.toThrow(/Invalid controlPort: 70000/);
  });
});
