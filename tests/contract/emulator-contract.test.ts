/**
 * Every kind of answer the emulator gives, validated against Clerk's
 * published Backend API contract (OpenAPI 2026-05-12). The emulator is the
 * backbone of the provider's tests, so a drift from the contract here would
 * make every other test lie.
 *
 * Where the contract lists no response for a status the emulator sends
 * (Clerk's real API sends more statuses than the file documents), the body
 * is validated against ClerkErrors, the shape of every Clerk error, and the
 * scenario says so with `documented: false`. If a future contract documents
 * one of these, the assertion on `source` fails and the scenario must be
 * updated: nothing falls back silently.
 */

import type { ClerkEmulator } from "../../emulator";
import { startClerkEmulator } from "../../emulator";
import { ROUTES } from "../../emulator/routes/catalogue";
import { type ApiAnswer, type CallOptions, callApi, followLink } from "../support/call-api";
import { OpenApiContract } from "./openapi-contract";

const contract = new OpenApiContract();
const KEY = "sk_test_contract";

type ContractPath = NonNullable<(typeof ROUTES)[number]["contractPath"]>;

/** Asserts the answer has the expected status and a body that validates against the contract's schema for it. */
function expectConforms(method: string, apiPath: string, answer: ApiAnswer, expectation: { status: number; documented: boolean }): void {
  expect({ operation: `${method} ${apiPath} ${answer.status}`, contentType: answer.headers["content-type"] }).toEqual({
    operation: `${method} ${apiPath} ${expectation.status}`,
    contentType: "application/json",
  });
  const schema = contract.responseSchema(method, apiPath, answer.status);
  expect({ operation: `${method} ${apiPath} ${answer.status}`, source: schema.source }).toEqual({
    operation: `${method} ${apiPath} ${answer.status}`,
    source: expectation.documented ? "contract" : "fallback",
  });
  const body = answer.json();
  const valid = schema.validate(body);
  if (!valid) {
    throw new Error(
      `${method} ${apiPath} ${answer.status} does not match ${schema.pointer}:\n` +
        `${JSON.stringify(schema.validate.errors, null, 2)}\nbody: ${JSON.stringify(body, null, 2)}`,
    );
  }
}

describe("the contract itself, as loaded", () => {
  it("has the operations the emulator's route table places in it, at the route's path under the contract's /v1", () => {
    const inContract = ROUTES.filter((route) => route.contractPath !== null);
    expect(inContract.map((route) => route.name)).toEqual(["create", "revoke", "users", "jwks"]);
    for (const { name, method, contractPath, pattern } of inContract) {
      expect({ name, hasOperation: contract.hasOperation(method, contractPath) }).toEqual({ name, hasOperation: true });
      // The contract's path, its parameters filled in, is what the route serves under /v1.
      const example = `/v1${contractPath.replace(/\{[^}]+\}/g, "x_1")}`;
      expect({ name, example, served: pattern.test(example) }).toEqual({ name, example, served: true });
    }
  });

  it("describes none of the other routes, which say what they stand in for", () => {
    for (const route of ROUTES) {
      if (route.contractPath !== null) continue;
      expect({ name: route.name, standsInFor: route.standsInFor.length > 10 }).toEqual({ name: route.name, standsInFor: true });
      const path = route.pattern.source.replace(/^\^|\$$/g, "").replace(/\\\//g, "/");
      const underV1 = path.startsWith("/v1/") ? path.slice(3) : path;
      expect({ name: route.name, inContract: contract.hasOperation(route.method, underV1) }).toEqual({
        name: route.name,
        inContract: false,
      });
    }
  });

  const minimalSignInToken = { object: "sign_in_token", id: "sit_1", status: "pending", user_id: "u", created_at: 1, updated_at: 1 };

  it("rejects a SignInToken with a property outside the schema (additionalProperties: false)", () => {
    const validate = contract.componentSchema("SignInToken");
    expect(validate(minimalSignInToken)).toBe(true);
    expect(validate({ ...minimalSignInToken, org_id: "org_1" })).toBe(false);
    expect(validate({ ...minimalSignInToken, expires_at: 1 })).toBe(false);
    expect(validate({ ...minimalSignInToken, status: "expired" })).toBe(false);
    expect(validate({ ...minimalSignInToken, created_at: 1.5 })).toBe(false);
  });

  it("honours OpenAPI nullable, typed or not", () => {
    const signInToken = contract.componentSchema("SignInToken");
    expect(signInToken({ ...minimalSignInToken, url: null })).toBe(true);
    expect(signInToken({ ...minimalSignInToken, token: null })).toBe(false);
    const clerkErrors = contract.componentSchema("ClerkErrors");
    expect(clerkErrors({ errors: [{ message: "m", long_message: "l", code: "c" }] })).toBe(true);
    expect(clerkErrors({ errors: [{ message: "m", code: "c" }] })).toBe(false);
  });
});

describe("emulator answers against the contract", () => {
  let emulator: ClerkEmulator;
  let users: ApiAnswer[];

  beforeEach(async () => {
    emulator = await startClerkEmulator({
      secretKey: KEY,
      rateLimit: false,
      users: [
        { id: "user_alice", emailAddresses: ["alice@example.com", "alice@work.example.com"], organizationIds: ["org_1"] },
        { id: "user_bob", emailAddresses: ["bob@example.com"] },
        "user_nomail",
      ],
    });
    users = [];
  });
  afterEach(() => emulator.stop());

  const call = (method: string, path: string, options: CallOptions = {}) => callApi(emulator, method, path, options);
  const create = (body: unknown, options: CallOptions = {}) => call("POST", "/sign_in_tokens", { body, ...options });
  const CREATE: ContractPath = "/sign_in_tokens";
  const REVOKE: ContractPath = "/sign_in_tokens/{sign_in_token_id}/revoke";

  describe("POST /sign_in_tokens", () => {
    it("200: SignInToken, minimal and with every parameter", async () => {
      for (const body of [{ user_id: "user_alice" }, { user_id: "user_alice", org_id: "org_1", expires_in_seconds: 60 }]) {
        const answer = await create(body);
        expectConforms("POST", CREATE, answer, { status: 200, documented: true });
      }
    });

    it("404: unknown user, and an organization the user is not in", async () => {
      for (const body of [{ user_id: "user_missing" }, { user_id: "user_bob", org_id: "org_1" }]) {
        const answer = await create(body);
        expectConforms("POST", CREATE, answer, { status: 404, documented: true });
      }
    });

    it("422: form_param_missing and form_param_value_invalid", async () => {
      for (const body of [{}, { user_id: 1 }, { user_id: "user_alice", expires_in_seconds: 0 }, { expires_in_seconds: "1" }]) {
        const answer = await create(body);
        expectConforms("POST", CREATE, answer, { status: 422, documented: true });
      }
    });

    it("400: a body that is not JSON (the contract lists no 400 for this operation)", async () => {
      const answer = await call("POST", "/sign_in_tokens", { rawBody: "{" });
      expectConforms("POST", CREATE, answer, { status: 400, documented: false });
    });

    it("401: wrong key (the contract lists 403 AuthorizationInvalid, not 401, for this operation)", async () => {
      const answer = await create({ user_id: "user_alice" }, { key: "sk_test_wrong" });
      expectConforms("POST", CREATE, answer, { status: 401, documented: false });
    });

    it("429: the rate limiter (not listed for this operation)", async () => {
      emulator.setRateLimit({ requests: 1, windowSeconds: 60 });
      await create({ user_id: "user_alice" });
      const answer = await create({ user_id: "user_alice" });
      expectConforms("POST", CREATE, answer, { status: 429, documented: false });
      expect(answer.headers["retry-after"]).toMatch(/^\d+$/);
    });

    it("500, 503 and 429 faults (not listed for this operation)", async () => {
      emulator.setFaults([{ route: "create", sequence: [500, 503, 429] }]);
      for (const status of [500, 503, 429]) {
        const answer = await create({ user_id: "user_alice" });
        expectConforms("POST", CREATE, answer, { status, documented: false });
      }
    });

    it("503 of an outage: Clerk's maintenance_mode (not listed for this operation)", async () => {
      emulator.outage(60);
      const answer = await create({ user_id: "user_alice" });
      expectConforms("POST", CREATE, answer, { status: 503, documented: false });
    });

    it("502 fault: a proxy's HTML page, deliberately outside the contract", async () => {
      emulator.setFaults([{ route: "create", sequence: [502] }]);
      const answer = await create({ user_id: "user_alice" });
      expect(answer.status).toBe(502);
      // Not Clerk's API speaking, so no ClerkErrors body: nothing to validate, by design.
      expect(answer.headers["content-type"]).toBe("text/html");
      expect(() => answer.json()).toThrow();
    });
  });

  describe("POST /sign_in_tokens/{id}/revoke", () => {
    it("200: SignInToken with status revoked", async () => {
      const created = (await create({ user_id: "user_alice" })).json() as { id: string };
      const answer = await call("POST", `/sign_in_tokens/${created.id}/revoke`);
      expectConforms("POST", REVOKE, answer, { status: 200, documented: true });
    });

    it("400: revoking a token that is not pending", async () => {
      const created = (await create({ user_id: "user_alice" })).json() as { id: string };
      emulator.accept(created.id);
      const answer = await call("POST", `/sign_in_tokens/${created.id}/revoke`);
      expectConforms("POST", REVOKE, answer, { status: 400, documented: true });
    });

    it("404: unknown token", async () => {
      const answer = await call("POST", "/sign_in_tokens/sit_unknown/revoke");
      expectConforms("POST", REVOKE, answer, { status: 404, documented: true });
    });

    it("401 and 429 (not listed for this operation)", async () => {
      const unauthenticated = await call("POST", "/sign_in_tokens/sit_x/revoke", { key: null });
      expectConforms("POST", REVOKE, unauthenticated, { status: 401, documented: false });
      emulator.setFaults([{ route: "revoke", sequence: [429] }]);
      const limited = await call("POST", "/sign_in_tokens/sit_x/revoke");
      expectConforms("POST", REVOKE, limited, { status: 429, documented: false });
    });
  });

  describe("GET /users", () => {
    it("200: User.List with 0, 1 and 2 matches, and without a filter", async () => {
      for (const query of [
        "?email_address=nobody@example.com",
        "?email_address=alice@example.com",
        "?email_address=alice@example.com&email_address[]=bob@example.com",
        "",
      ]) {
        const answer = await call("GET", `/users${query}`);
        expectConforms("GET", "/users", answer, { status: 200, documented: true });
        users.push(answer);
      }
      expect(users.map((answer) => (answer.json() as unknown[]).length)).toEqual([0, 1, 2, 3]);
    });

    it("the User check has teeth: a missing required field, an unknown field or a bad verification fails", async () => {
      const [user] = (await call("GET", "/users?email_address=alice@example.com")).json() as Array<Record<string, unknown>>;
      const validate = contract.componentSchema("User");
      expect(validate(user)).toBe(true);
      const { banned: _banned, ...withoutBanned } = user as Record<string, unknown>;
      expect(validate(withoutBanned)).toBe(false);
      expect(validate({ ...user, org_id: "org_1" })).toBe(false);
      expect(validate({ ...user, created_at: "2026-05-12T00:00:00Z" })).toBe(false);
      const emails = user?.email_addresses as Array<Record<string, unknown>>;
      const badEmail = {
        ...emails[0],
        verification: { object: "verification_admin", status: "verified", strategy: "bogus", attempts: null, expire_at: null },
      };
      expect(validate({ ...user, email_addresses: [badEmail] })).toBe(false);
      expect(validate({ ...user, email_addresses: [{ ...emails[0], verification: null }] })).toBe(true);
    });

    it("200: a user who signed in with a ticket (last_sign_in_at set)", async () => {
      const created = (await create({ user_id: "user_alice" })).json() as { id: string };
      emulator.accept(created.id);
      const answer = await call("GET", "/users?email_address=alice@example.com");
      expectConforms("GET", "/users", answer, { status: 200, documented: true });
    });

    it("401 and 422 (both listed)", async () => {
      const unauthenticated = await call("GET", "/users", { key: "sk_test_wrong" });
      expectConforms("GET", "/users", unauthenticated, { status: 401, documented: true });
      const invalid = await call("GET", "/users?limit=0");
      expectConforms("GET", "/users", invalid, { status: 422, documented: true });
    });

    it("429 (not listed for this operation)", async () => {
      emulator.setRateLimit({ requests: 1, windowSeconds: 10 });
      await call("GET", "/users");
      const answer = await call("GET", "/users");
      expectConforms("GET", "/users", answer, { status: 429, documented: false });
    });
  });

  describe("GET /jwks", () => {
    it("200: JWKS", async () => {
      const answer = await call("GET", "/jwks");
      expectConforms("GET", "/jwks", answer, { status: 200, documented: true });
    });
  });

  describe("routes outside the contract", () => {
    it("the client route (a Frontend API stand-in) holds the contract's Client, with the contract's Sessions", async () => {
      const created = (await create({ user_id: "user_alice", org_id: "org_1" })).json() as { url: string };
      const cookie = String((await followLink(emulator, created.url)).headers["set-cookie"]).split(";")[0] as string;
      const answer = await call("GET", "/client", { key: null, headers: { cookie } });
      expect([answer.status, answer.headers["content-type"]]).toEqual([200, "application/json"]);
      const { response } = answer.json() as { response: { sessions: unknown[] } };
      for (const [name, value] of [
        ["Client", response],
        ["Session", response.sessions[0]],
      ] as const) {
        const validate = contract.componentSchema(name);
        if (!validate(value)) throw new Error(`${name} does not match the contract: ${JSON.stringify(validate.errors, null, 2)}`);
      }
      expect(response.sessions).toHaveLength(1);
    });

    it("404 for an unknown route and 405 for a wrong method are ClerkErrors", async () => {
      const unknown = await call("GET", "/no_such_thing");
      expect(contract.hasOperation("GET", "/no_such_thing")).toBe(false);
      expectConforms("GET", "/no_such_thing", unknown, { status: 404, documented: false });

      const wrongMethod = await call("GET", "/sign_in_tokens");
      expect(contract.hasOperation("GET", "/sign_in_tokens")).toBe(false);
      expectConforms("GET", "/sign_in_tokens", wrongMethod, { status: 405, documented: false });
    });

    it("the ticket link (a Frontend API stand-in) answers errors as ClerkErrors", async () => {
      const created = (await create({ user_id: "user_alice" })).json() as { url: string };
      expect((await followLink(emulator, created.url)).status).toBe(200);
      for (const [target, status] of [
        [created.url, 400],
        ["/tickets/accept?ticket=nope", 400],
        ["/tickets/accept", 422],
      ] as const) {
        expectConforms("GET", "/tickets/accept", await followLink(emulator, target), { status, documented: false });
      }
    });
  });
});
