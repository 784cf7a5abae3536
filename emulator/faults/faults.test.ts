import { callApi, expectClerkError, followLink } from "../../tests/support/call-api";
import { startClerkEmulator } from "../http/server";
import type { ClerkEmulator, FaultRule } from "../types";
import { FaultPlanner } from "./planner";
import { seededRandom } from "./prng";

const KEY = "sk_test_faults";

describe("faults over HTTP", () => {
  let emulator: ClerkEmulator;
  beforeEach(async () => {
    emulator = await startClerkEmulator({ secretKey: KEY, users: ["user_a"], rateLimit: false });
  });
  afterEach(() => emulator.stop());

  const create = (options: { headersTimeout?: number } = {}) =>
    callApi(emulator, "POST", "/sign_in_tokens", { body: { user_id: "user_a" }, ...options });

  it("500 answers internal_clerk_error and creates nothing", async () => {
    emulator.setFaults([{ route: "create", sequence: [500] }]);
    const answer = await create();
    expectClerkError(answer, 500, { code: "internal_clerk_error" });
    expect(emulator.tokens()).toHaveLength(0);
  });

  it("502 answers a proxy's HTML page, not JSON", async () => {
    emulator.setFaults([{ route: "create", sequence: [502] }]);
    const answer = await create();
    expect(answer.status).toBe(502);
    expect(answer.headers["content-type"]).toBe("text/html");
    expect(answer.text).toContain("502 Bad Gateway");
    expect(emulator.tokens()).toHaveLength(0);
  });

  it("503 answers Clerk's maintenance_mode error", async () => {
    emulator.setFaults([{ route: "create", sequence: [503] }]);
    const answer = await create();
    expectClerkError(answer, 503, { code: "maintenance_mode" });
  });

  it("429 answers like the limiter, with Retry-After: 1", async () => {
    emulator.setFaults([{ route: "create", sequence: [429] }]);
    const answer = await create();
    expectClerkError(answer, 429, { code: "too_many_requests" });
    expect(answer.headers["retry-after"]).toBe("1");
  });

  it("reset-before drops the connection and creates nothing", async () => {
    emulator.setFaults([{ route: "create", sequence: ["reset-before"] }]);
    await expect(create()).rejects.toMatchObject({ code: "UND_ERR_SOCKET" });
    expect(emulator.tokens()).toHaveLength(0);
    expect(emulator.requests()).toEqual([expect.objectContaining({ method: "POST", status: "reset" })]);
  });

  it("reset-after creates the token but the client only sees a socket error", async () => {
    emulator.setFaults([{ route: "create", sequence: ["reset-after"] }]);
    await expect(create()).rejects.toMatchObject({ code: "UND_ERR_SOCKET" });
    expect(emulator.tokens()).toEqual([expect.objectContaining({ userId: "user_a", status: "pending" })]);
    expect(emulator.requests()).toEqual([expect.objectContaining({ status: "reset" })]);
  });

  it("reset-after on revoke revokes the token", async () => {
    const created = (await create()).json() as { id: string };
    emulator.setFaults([{ route: "revoke", sequence: ["reset-after"] }]);
    await expect(callApi(emulator, "POST", `/sign_in_tokens/${created.id}/revoke`)).rejects.toThrow();
    expect(emulator.token(created.id)?.status).toBe("revoked");
  });

  it("slow creates the token, and a client with a short timeout gives up", async () => {
    emulator.setFaults([{ route: "create", sequence: ["slow"], slowMs: 5_000 }]);
    await expect(create({ headersTimeout: 150 })).rejects.toMatchObject({ code: "UND_ERR_HEADERS_TIMEOUT" });
    expect(emulator.tokens()).toHaveLength(1);
    expect(emulator.requests()).toEqual([expect.objectContaining({ status: 200 })]);
  });

  it("slow eventually answers normally when the client waits", async () => {
    emulator.setFaults([{ route: "users", sequence: ["slow"], slowMs: 200 }]);
    const started = Date.now();
    const answer = await callApi(emulator, "GET", "/users");
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("a sequence is consumed one step per matching request, then service is normal", async () => {
    emulator.setFaults([{ route: "create", sequence: [503, "ok", 500] }]);
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await create()).status);
    expect(statuses).toEqual([503, 200, 500, 200, 200]);
    expect(emulator.tokens()).toHaveLength(3);
  });

  it("only faults the rule's route; '*' faults every API route but not the ticket link", async () => {
    emulator.setFaults([{ route: "revoke", sequence: [500] }]);
    expect((await callApi(emulator, "GET", "/users")).status).toBe(200);
    const created = (await create()).json() as { url: string };
    emulator.setFaults([{ route: "*", probability: 1, kinds: [503] }]);
    expect((await callApi(emulator, "GET", "/users")).status).toBe(503);
    expect((await create()).status).toBe(503);
    expect((await callApi(emulator, "GET", "/jwks")).status).toBe(503);
    expect((await followLink(emulator, created.url)).status).toBe(200);
  });

  it("runs after authentication: an unauthenticated request gets 401, not the fault", async () => {
    emulator.setFaults([{ route: "*", probability: 1, kinds: [500] }]);
    expect((await callApi(emulator, "GET", "/users", { key: "sk_test_bad" })).status).toBe(401);
  });

  it("setFaults([]) restores normal service", async () => {
    emulator.setFaults([{ route: "*", probability: 1, kinds: [500] }]);
    emulator.setFaults([]);
    expect((await create()).status).toBe(200);
  });

  it("stop() returns promptly while a slow answer is pending", async () => {
    emulator.setFaults([{ route: "create", sequence: ["slow"] }]); // default 30 s
    const pending = create();
    pending.catch(() => undefined);
    while (emulator.requests().length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // The slow answer would take 30 s: stop() must not wait for it.
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise((resolve) => (timer = setTimeout(resolve, 15_000, "waited for the slow answer")));
    const stopped = emulator.stop().then(() => "stopped");
    expect(await Promise.race([stopped, waited]).finally(() => clearTimeout(timer))).toBe("stopped");
    await expect(pending).rejects.toThrow();
    expect(emulator.tokens()).toHaveLength(1);
  });
});

describe("probabilistic faults", () => {
  const statusesFor = async (seed: number, rules: FaultRule[]): Promise<Array<number | string>> => {
    const emulator = await startClerkEmulator({ secretKey: KEY, users: ["user_a"], rateLimit: false, seed, faults: rules });
    try {
      const statuses: Array<number | string> = [];
      for (let i = 0; i < 30; i += 1) {
        try {
          statuses.push((await callApi(emulator, "POST", "/sign_in_tokens", { body: { user_id: "user_a" } })).status);
        } catch {
          statuses.push("reset");
        }
      }
      expect(emulator.seed).toBe(seed);
      return statuses;
    } finally {
      await emulator.stop();
    }
  };

  it("are reproducible from the seed", async () => {
    const rules: FaultRule[] = [{ route: "create", probability: 0.5, kinds: [500, 503, "reset-after"] }];
    const first = await statusesFor(42, rules);
    const second = await statusesFor(42, rules);
    const other = await statusesFor(7, rules);
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500, 503, "reset"]));
  });

  it("probability 0 never fires and 1 always fires", () => {
    const planner = new FaultPlanner([{ route: "users", probability: 0, kinds: [500] }], seededRandom(1));
    for (let i = 0; i < 200; i += 1) expect(planner.plan("users")).toBeUndefined();
    planner.setRules([{ route: "users", probability: 1, kinds: [502] }]);
    for (let i = 0; i < 200; i += 1) expect(planner.plan("users")).toEqual({ kind: 502, slowMs: 30_000 });
  });

  it("fire at roughly the given rate and pick kinds uniformly", () => {
    const planner = new FaultPlanner([{ route: "create", probability: 0.3, kinds: [500, 503] }], seededRandom(123));
    const counts = { none: 0, 500: 0, 503: 0 } as Record<string, number>;
    for (let i = 0; i < 10_000; i += 1) {
      const kind = planner.plan("create")?.kind ?? "none";
      counts[String(kind)] = (counts[String(kind)] ?? 0) + 1;
    }
    expect(counts.none).toBeGreaterThan(6_700);
    expect(counts.none).toBeLessThan(7_300);
    expect(Math.abs((counts["500"] ?? 0) - (counts["503"] ?? 0))).toBeLessThan(300);
  });

  it.each<[string, FaultRule]>([
    ["no probability nor sequence", { route: "create" }],
    ["both probability and sequence", { route: "create", probability: 1, sequence: [500] }],
    ["a probability above 1", { route: "create", probability: 1.5 }],
    ["empty kinds", { route: "create", probability: 1, kinds: [] }],
    ["an unknown kind", { route: "create", sequence: [418 as never] }],
    ["an unknown route", { route: "delete" as never, sequence: [500] }],
    ["the JWKS named (only '*' reaches it)", { route: "jwks" as never, sequence: [500] }],
    ["the ticket link named (no fault reaches it)", { route: "accept-ticket" as never, sequence: [500] }],
    ["a negative slowMs", { route: "create", sequence: ["slow"], slowMs: -1 }],
  ])("rejects a rule with %s", (_label, rule) => {
    expect(() => new FaultPlanner([rule], seededRandom(1))).toThrow();
  });

  // Rules also arrive as JSON (the control surface) or from untyped JavaScript.
  it.each<[string, unknown, RegExp]>([
    ["null", null, /Fault rule 0 must be an object/],
    ["a list", [], /Fault rule 0 must be an object/],
    ["a misspelt field", { route: "create", probabilty: 1 }, /unknown field `probabilty` \(route, probability, kinds, sequence, slowMs\)/],
    ["a probability given as text", { route: "create", probability: "1" }, /probability must be a number within 0..1, got 1/],
    ["kinds that are not a list", { route: "create", probability: 1, kinds: 500 }, /`kinds` must be a non-empty list/],
    ["a sequence that is not a list", { route: "create", sequence: "500" }, /`sequence` must be a list/],
    ["a slowMs given as text", { route: "create", sequence: ["slow"], slowMs: "5" }, /`slowMs` must be a finite number/],
  ])("rejects, with a clear message, a rule that is %s", (_label, rule, message) => {
    expect(() => new FaultPlanner([rule as FaultRule], seededRandom(1))).toThrow(message);
  });

  it("keeps its rules when new ones are refused, and lists them as copies", () => {
    const rules: FaultRule[] = [{ route: "create", sequence: [503, "ok"] }];
    const planner = new FaultPlanner(rules, seededRandom(1));
    expect(() =>
      planner.setRules([
        { route: "users", sequence: [500] },
        { route: "nope" as never, sequence: [500] },
      ]),
    ).toThrow(/Unknown fault route: nope/);
    rules[0]!.sequence!.push(500);
    expect(planner.list()).toEqual([{ route: "create", sequence: [503, "ok"] }]);
    expect(planner.plan("create")).toEqual({ kind: 503, slowMs: 30_000 });
  });
});
