import { callApi, followLink } from "../../tests/support/call-api";
import type { ClerkEmulator } from "../types";
import { defaultRateLimit, RateLimiter } from "./rate-limiter";
import { startClerkEmulator } from "./server";

describe("RateLimiter (sliding window)", () => {
  it("uses Clerk's defaults: 100/10s for development keys, 1000/10s for production keys", () => {
    expect(defaultRateLimit("sk_test_x")).toEqual({ requests: 100, windowSeconds: 10 });
    expect(defaultRateLimit("sk_live_x")).toEqual({ requests: 1000, windowSeconds: 10 });
  });

  it("admits N per window and frees a slot when the oldest admission leaves the window", () => {
    const limiter = new RateLimiter({ requests: 2, windowSeconds: 10 });
    expect(limiter.admit(0)).toEqual({ allowed: true });
    expect(limiter.admit(4_000)).toEqual({ allowed: true });
    expect(limiter.admit(4_500)).toEqual({ allowed: false, retryAfterSeconds: 6 });
    expect(limiter.admit(9_999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.admit(10_000)).toEqual({ allowed: true });
    expect(limiter.admit(10_001)).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });

  it("never lets 2N through across a window boundary, unlike a fixed window", () => {
    const limiter = new RateLimiter({ requests: 3, windowSeconds: 1 });
    const admittedAround = [990, 995, 999, 1_000, 1_001, 1_010].filter((t) => limiter.admit(t).allowed);
    expect(admittedAround).toEqual([990, 995, 999]);
  });

  it("does not count refused requests, so waiting Retry-After always helps", () => {
    const limiter = new RateLimiter({ requests: 1, windowSeconds: 1 });
    limiter.admit(0);
    for (let t = 1; t < 1_000; t += 100) expect(limiter.admit(t).allowed).toBe(false);
    expect(limiter.admit(1_000).allowed).toBe(true);
  });

  it("can be switched off and rejects nonsense limits", () => {
    const limiter = new RateLimiter(false);
    for (let i = 0; i < 1_000; i += 1) expect(limiter.admit(0).allowed).toBe(true);
    expect(() => new RateLimiter({ requests: 0, windowSeconds: 10 })).toThrow();
    expect(() => new RateLimiter({ requests: 1, windowSeconds: 0 })).toThrow();
  });
});

describe("the default limit", () => {
  it("applies Clerk's development limit to an sk_test_ key when none is given", async () => {
    const emulator = await startClerkEmulator({ secretKey: "sk_test_default", now: () => 0 });
    try {
      for (let i = 0; i < 100; i += 1) expect((await callApi(emulator, "GET", "/jwks")).status).toBe(200);
      const statuses = [];
      for (let i = 0; i < 101; i += 1) statuses.push((await callApi(emulator, "GET", "/users")).status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(100);
      expect(statuses[100]).toBe(429);
    } finally {
      await emulator.stop();
    }
  });
});

describe("rate limiting over HTTP", () => {
  let emulator: ClerkEmulator;
  let clock: number;

  beforeEach(async () => {
    clock = 1_000_000;
    emulator = await startClerkEmulator({
      secretKey: "sk_test_limited",
      users: ["user_a"],
      rateLimit: { requests: 3, windowSeconds: 10 },
      now: () => clock,
    });
  });
  afterEach(() => emulator.stop());

  it("answers 429 too_many_requests with an integer Retry-After once the window is full", async () => {
    for (let i = 0; i < 3; i += 1) expect((await callApi(emulator, "GET", "/users")).status).toBe(200);
    clock += 2_500;
    const refused = await callApi(emulator, "POST", "/sign_in_tokens", { body: { user_id: "user_a" } });
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe("8");
    expect(refused.json()).toEqual({
      errors: [{ code: "too_many_requests", message: expect.any(String), long_message: expect.any(String) }],
      clerk_trace_id: refused.headers["x-clerk-trace-id"],
    });
    expect(emulator.tokens()).toHaveLength(0);

    clock += 7_500;
    expect((await callApi(emulator, "POST", "/sign_in_tokens", { body: { user_id: "user_a" } })).status).toBe(200);
  });

  it("counts only authenticated requests, unknown routes and wrong methods too", async () => {
    for (let i = 0; i < 5; i += 1) expect((await callApi(emulator, "GET", "/users", { key: "sk_test_bad" })).status).toBe(401);
    expect((await callApi(emulator, "POST", "/tickets/accept", { key: null })).status).toBe(405);
    expect((await callApi(emulator, "GET", "/nope")).status).toBe(404);
    expect((await callApi(emulator, "GET", "/sign_in_tokens")).status).toBe(405);
    expect((await callApi(emulator, "GET", "/users")).status).toBe(200);
    expect((await callApi(emulator, "GET", "/users")).status).toBe(429);
  });

  it("refuses create, revoke and the users lookup alike once the window is full", async () => {
    for (let i = 0; i < 3; i += 1) expect((await callApi(emulator, "GET", "/users")).status).toBe(200);
    expect((await callApi(emulator, "POST", "/sign_in_tokens", { body: { user_id: "user_a" } })).status).toBe(429);
    expect((await callApi(emulator, "POST", "/sign_in_tokens/sit_x/revoke")).status).toBe(429);
    expect((await callApi(emulator, "GET", "/users")).status).toBe(429);
  });

  it("exempts the ticket link and the JWKS", async () => {
    const created = (await callApi(emulator, "POST", "/sign_in_tokens", { body: { user_id: "user_a" } })).json() as { url: string };
    await callApi(emulator, "GET", "/users");
    await callApi(emulator, "GET", "/users");
    expect((await callApi(emulator, "GET", "/users")).status).toBe(429);
    expect((await callApi(emulator, "GET", "/jwks")).status).toBe(200);
    expect((await followLink(emulator, created.url)).status).toBe(200);
  });

  it("records refused requests with status 429", async () => {
    for (let i = 0; i < 4; i += 1) await callApi(emulator, "GET", "/users");
    expect(emulator.requests().map((r) => r.status)).toEqual([200, 200, 200, 429]);
  });

  it("setRateLimit replaces the limit and starts a fresh window; false disables it", async () => {
    for (let i = 0; i < 3; i += 1) await callApi(emulator, "GET", "/users");
    emulator.setRateLimit({ requests: 1, windowSeconds: 60 });
    expect((await callApi(emulator, "GET", "/users")).status).toBe(200);
    const refused = await callApi(emulator, "GET", "/users");
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe("60");
    emulator.setRateLimit(false);
    for (let i = 0; i < 10; i += 1) expect((await callApi(emulator, "GET", "/users")).status).toBe(200);
  });
});
