import { callApi, expectClerkError } from "../../tests/support/call-api";
import type { ClerkEmulator } from "../types";
import { startClerkEmulator } from "./server";

const KEY = "sk_test_auth_and_routing";

describe("authentication, routing and the error envelope", () => {
  let emulator: ClerkEmulator;
  beforeEach(async () => {
    emulator = await startClerkEmulator({ secretKey: KEY, users: ["user_a"] });
  });
  afterEach(() => emulator.stop());

  it("binds 127.0.0.1 and serves under /v1", () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it.each([
    ["no Authorization header", null],
    ["a wrong key", "sk_test_wrong"],
    ["an empty key", ""],
  ])("answers 401 authentication_invalid for %s", async (_label, key) => {
    const answer = await callApi(emulator, "POST", "/sign_in_tokens", { body: { user_id: "user_a" }, key });
    expect(answer.status).toBe(401);
    expect(answer.json()).toEqual({
      errors: [
        {
          message: "Invalid authentication",
          long_message: "Unable to authenticate the request, you need to supply an active API key",
          code: "authentication_invalid",
        },
      ],
      clerk_trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(emulator.tokens()).toHaveLength(0);
  });

  it("checks the key on every API route, not only on create", async () => {
    for (const [method, path] of [
      ["GET", "/users"],
      ["POST", "/sign_in_tokens/sit_x/revoke"],
      ["GET", "/jwks"],
      ["GET", "/no_such_route"],
      ["GET", "/sign_in_tokens"],
    ] as const) {
      expect((await callApi(emulator, method, path, { key: "sk_test_wrong" })).status).toBe(401);
    }
  });

  it.each([`Basic ${KEY}`, KEY, `Bearer ${KEY} extra`])("rejects the Authorization header %j", async (authorization) => {
    const answer = await callApi(emulator, "GET", "/users", { headers: { authorization } });
    expect(answer.status).toBe(401);
  });

  it("accepts the bearer scheme in any case, as HTTP auth schemes are case-insensitive", async () => {
    const answer = await callApi(emulator, "GET", "/users", { headers: { authorization: `bearer ${KEY}` } });
    expect(answer.status).toBe(200);
  });

  it("answers 404 resource_not_found for an unknown route", async () => {
    const answer = await callApi(emulator, "GET", "/organizations");
    expectClerkError(answer, 404, { code: "resource_not_found", message: "not found" });
  });

  it("asks no key of the ticket link, even for a wrong method", async () => {
    const answer = await callApi(emulator, "POST", "/tickets/accept", { key: null });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe("GET");
  });

  it("answers 404 outside /v1", async () => {
    const origin = emulator.url.replace(/\/v1$/, "");
    expect((await callApi(emulator, "GET", `${origin}/sign_in_tokens`)).status).toBe(404);
  });

  it("answers 405 with a ClerkErrors body and an Allow header for a wrong method", async () => {
    const answer = await callApi(emulator, "GET", "/sign_in_tokens");
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe("POST");
    expect(answer.json()).toMatchObject({ errors: [{ code: "method_not_allowed" }], clerk_trace_id: expect.any(String) });
  });

  it("sends JSON and a fresh x-clerk-trace-id on every answer, matching the body's clerk_trace_id", async () => {
    const first = await callApi(emulator, "GET", "/nope");
    const second = await callApi(emulator, "GET", "/nope");
    const ok = await callApi(emulator, "GET", "/users");
    for (const answer of [first, second, ok]) {
      expect(answer.headers["content-type"]).toBe("application/json");
      expect(answer.headers["x-clerk-trace-id"]).toMatch(/^[0-9a-f]{32}$/);
    }
    expect((first.json() as { clerk_trace_id: string }).clerk_trace_id).toBe(first.headers["x-clerk-trace-id"]);
    expect(first.headers["x-clerk-trace-id"]).not.toBe(second.headers["x-clerk-trace-id"]);
  });

  it("logs every request, rejected ones included, in order, with the route that served it", async () => {
    await callApi(emulator, "GET", "/users", { key: "sk_test_wrong" });
    await callApi(emulator, "GET", "/users");
    await callApi(emulator, "GET", "/nope?email=x");
    await callApi(emulator, "GET", "/sign_in_tokens");
    expect(emulator.requests()).toEqual([
      { method: "GET", path: "/v1/users", route: "users", status: 401, at: expect.any(Number) },
      { method: "GET", path: "/v1/users", route: "users", status: 200, at: expect.any(Number) },
      { method: "GET", path: "/v1/nope", route: null, status: 404, at: expect.any(Number) },
      { method: "GET", path: "/v1/sign_in_tokens", route: null, status: 405, at: expect.any(Number) },
    ]);
    expect(emulator.requestCount({ route: "users" })).toBe(2);
    expect(emulator.requestCount({ route: "users", status: 200 })).toBe(1);
    expect(emulator.requestCount({ route: null })).toBe(2);
    expect(emulator.requestCount({ method: "get" })).toBe(4);
    expect(emulator.requests({ status: 404 }).map((r) => r.path)).toEqual(["/v1/nope"]);
    expect(emulator.requestCounts()).toEqual({
      total: 4,
      byRoute: { users: 2 },
      unmatched: 2,
      byStatus: { "200": 1, "401": 1, "404": 1, "405": 1 },
    });
    emulator.resetRequests();
    expect(emulator.requests()).toEqual([]);
    expect(emulator.requestCounts()).toEqual({ total: 0, byRoute: {}, unmatched: 0, byStatus: {} });
  });

  it("counts a connection reset under 'reset' and a revoke under its own route, not under create's path", async () => {
    const created = (await callApi(emulator, "POST", "/sign_in_tokens", { body: { user_id: "user_a" } })).json() as { id: string };
    await callApi(emulator, "POST", `/sign_in_tokens/${created.id}/revoke`);
    emulator.setFaults([{ route: "create", sequence: ["reset-before"] }]);
    await expect(callApi(emulator, "POST", "/sign_in_tokens", { body: { user_id: "user_a" } })).rejects.toThrow();
    expect(emulator.requestCounts()).toEqual({
      total: 3,
      byRoute: { create: 2, revoke: 1 },
      unmatched: 0,
      byStatus: { "200": 2, reset: 1 },
    });
    // A path prefix cannot tell them apart; the route can.
    expect(emulator.requestCount({ pathPrefix: "/v1/sign_in_tokens" })).toBe(3);
    expect(emulator.requestCount({ route: "create" })).toBe(2);
  });

  it("refuses a secret key that is not sk_test_ or sk_live_", async () => {
    // An emulator that starts anyway is stopped, so that the test fails instead of leaving jest waiting on it.
    const outcome = await startClerkEmulator({ secretKey: "pk_test_abc" }).then(
      async (started) => {
        await started.stop();
        return "started";
      },
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/sk_test_ or sk_live_/);
  });

  it("serves a JWKS with the ticket signing key", async () => {
    const answer = await callApi(emulator, "GET", "/jwks");
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({
      keys: [{ kid: emulator.instanceId, alg: "RS256", use: "sig", kty: "RSA", n: expect.any(String), e: "AQAB" }],
    });
  });
});
