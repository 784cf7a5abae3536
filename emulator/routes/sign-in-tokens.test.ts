import { callApi, expectClerkError, followLink } from "../../tests/support/call-api";
import { startClerkEmulator } from "../http/server";
import { verifyTicket } from "../tickets/jwt";
import type { ClerkEmulator } from "../types";

const KEY = "sk_test_sign_in_tokens";
const THIRTY_DAYS = 2_592_000;

interface SignInTokenBody {
  object: string;
  id: string;
  status: string;
  user_id: string;
  token?: string;
  url: string;
  created_at: number;
  updated_at: number;
}

describe("sign-in tokens", () => {
  let emulator: ClerkEmulator;
  let clock: number;

  beforeEach(async () => {
    clock = Date.UTC(2026, 4, 12, 9, 30, 0, 123);
    emulator = await startClerkEmulator({
      secretKey: KEY,
      users: ["user_a", { id: "user_b", organizationIds: ["org_1"] }, { id: "user_c", organizationIds: ["org_2"] }],
      now: () => clock,
    });
  });
  afterEach(() => emulator.stop());

  const create = (body: unknown) => callApi(emulator, "POST", "/sign_in_tokens", { body });
  const createOk = async (body: unknown): Promise<SignInTokenBody> => {
    const answer = await create(body);
    expect(answer.status).toBe(200);
    return answer.json() as SignInTokenBody;
  };

  describe("create", () => {
    it("returns exactly the SignInToken fields, with ms timestamps and a sit_ id", async () => {
      const body = await createOk({ user_id: "user_a" });
      expect(Object.keys(body).sort()).toEqual(["created_at", "id", "object", "status", "token", "updated_at", "url", "user_id"].sort());
      expect(body).toEqual({
        object: "sign_in_token",
        id: expect.stringMatching(/^sit_[0-9A-Za-z]{27}$/),
        status: "pending",
        user_id: "user_a",
        token: expect.any(String),
        url: `${emulator.url}/tickets/accept?ticket=${body.token}`,
        created_at: clock,
        updated_at: clock,
      });
    });

    it("issues an RS256 JWT that verifies with the emulator's public key", async () => {
      const body = await createOk({ user_id: "user_a", expires_in_seconds: 600 });
      const token = body.token as string;
      const header = JSON.parse(Buffer.from(token.split(".")[0] as string, "base64url").toString()) as object;
      expect(header).toMatchObject({ alg: "RS256", typ: "JWT" });
      const claims = verifyTicket(token, emulator.publicKeyPem);
      expect(claims).toEqual({
        sid: body.id,
        iid: emulator.instanceId,
        st: "sign_in_token",
        iat: Math.floor(clock / 1000),
        exp: Math.floor(clock / 1000) + 600,
      });
      expect(emulator.instanceId).toMatch(/^ins_[0-9A-Za-z]{27}$/);
    });

    it("rejects a JWT whose signature was tampered with", async () => {
      const body = await createOk({ user_id: "user_a" });
      const [h, p, s] = (body.token as string).split(".") as [string, string, string];
      const flipped = `${s.slice(0, -2)}${s.endsWith("A") ? "B" : "A"}${s.slice(-1)}`;
      expect(verifyTicket(`${h}.${p}.${flipped}`, emulator.publicKeyPem)).toBeUndefined();
    });

    it.each([undefined, null])("defaults expires_in_seconds %p to 30 days", async (expires) => {
      const body = await createOk({ user_id: "user_a", expires_in_seconds: expires });
      expect(verifyTicket(body.token as string, emulator.publicKeyPem)?.exp).toBe(Math.floor(clock / 1000) + THIRTY_DAYS);
      expect(emulator.token(body.id)?.expiresAt).toBe(clock + THIRTY_DAYS * 1000);
    });

    it("records the token in tokens(), org included", async () => {
      const body = await createOk({ user_id: "user_b", org_id: "org_1", expires_in_seconds: 60 });
      expect(emulator.tokens()).toEqual([
        {
          id: body.id,
          userId: "user_b",
          orgId: "org_1",
          status: "pending",
          token: body.token,
          url: body.url,
          createdAt: clock,
          updatedAt: clock,
          expiresAt: clock + 60_000,
        },
      ]);
    });

    it.each<[string, unknown, string]>([
      ["missing user_id", {}, "user_id"],
      ["null user_id", { user_id: null }, "user_id"],
      ["empty user_id", { user_id: "" }, "user_id"],
    ])("answers 422 form_param_missing for %s", async (_label, body, param) => {
      const answer = await create(body);
      expectClerkError(answer, 422, { code: "form_param_missing", meta: { param_name: param }, message: "is missing" });
    });

    it("treats an empty body as no parameters", async () => {
      const answer = await callApi(emulator, "POST", "/sign_in_tokens", { rawBody: "" });
      expectClerkError(answer, 422, { code: "form_param_missing", meta: { param_name: "user_id" } });
    });

    it.each<[string, unknown, string]>([
      ["user_id a number", { user_id: 42 }, "user_id"],
      ["user_id an array", { user_id: ["user_a"] }, "user_id"],
      ["org_id a number", { user_id: "user_b", org_id: 1 }, "org_id"],
      ["expires_in_seconds 0", { user_id: "user_a", expires_in_seconds: 0 }, "expires_in_seconds"],
      ["expires_in_seconds -1", { user_id: "user_a", expires_in_seconds: -1 }, "expires_in_seconds"],
      ["expires_in_seconds 1.5", { user_id: "user_a", expires_in_seconds: 1.5 }, "expires_in_seconds"],
      ["expires_in_seconds a string", { user_id: "user_a", expires_in_seconds: "3600" }, "expires_in_seconds"],
      ["expires_in_seconds a boolean", { user_id: "user_a", expires_in_seconds: true }, "expires_in_seconds"],
    ])("answers 422 form_param_value_invalid for %s", async (_label, body, param) => {
      const answer = await create(body);
      expectClerkError(answer, 422, { code: "form_param_value_invalid", meta: { param_name: param }, message: "is invalid" });
      expect(emulator.tokens()).toHaveLength(0);
    });

    it("reports every invalid parameter at once", async () => {
      const answer = await create({ expires_in_seconds: 0 });
      expect(answer.status).toBe(422);
      const { errors } = answer.json() as { errors: Array<{ code: string; meta: { param_name: string } }> };
      expect(errors.map((e) => [e.code, e.meta.param_name])).toEqual([
        ["form_param_missing", "user_id"],
        ["form_param_value_invalid", "expires_in_seconds"],
      ]);
    });

    it("accepts expires_in_seconds 1, the contract's minimum", async () => {
      const body = await createOk({ user_id: "user_a", expires_in_seconds: 1 });
      expect(emulator.token(body.id)?.expiresAt).toBe(clock + 1000);
    });

    it.each(["{not json", "[1,2]", '"user_a"', "null"])("answers 400 for the body %j", async (rawBody) => {
      const answer = await callApi(emulator, "POST", "/sign_in_tokens", { rawBody });
      expectClerkError(answer, 400, { code: "malformed_request_parameters" });
    });

    it("answers 404 resource_not_found naming an unknown user", async () => {
      const answer = await create({ user_id: "user_missing" });
      expectClerkError(answer, 404, { code: "resource_not_found", long_message: expect.stringContaining("user_missing") });
      expect(emulator.tokens()).toHaveLength(0);
    });

    it("answers 404 when the user is not a member of org_id (known org or not)", async () => {
      for (const org of ["org_2", "org_unknown", ""]) {
        const answer = await create({ user_id: "user_b", org_id: org });
        expectClerkError(answer, 404, { code: "resource_not_found" });
      }
      expect(emulator.tokens()).toHaveLength(0);
    });

    it("treats a null org_id as absent", async () => {
      const body = await createOk({ user_id: "user_a", org_id: null });
      expect(emulator.token(body.id)?.orgId).toBeNull();
    });

    it("accepts users added after start", async () => {
      expect((await create({ user_id: "user_late" })).status).toBe(404);
      emulator.addUser("user_late");
      await createOk({ user_id: "user_late" });
    });
  });

  describe("revoke", () => {
    const revoke = (id: string) => callApi(emulator, "POST", `/sign_in_tokens/${id}/revoke`);

    it("revokes a pending token: 200, status revoked, updated_at bumped, no token field", async () => {
      const created = await createOk({ user_id: "user_a" });
      clock += 5_000;
      const answer = await revoke(created.id);
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({
        object: "sign_in_token",
        id: created.id,
        status: "revoked",
        user_id: "user_a",
        url: created.url,
        created_at: created.created_at,
        updated_at: created.created_at + 5_000,
      });
      expect(emulator.token(created.id)).toMatchObject({ status: "revoked", updatedAt: clock });
    });

    it("answers 400 sign_in_token_cannot_be_revoked_code when revoking twice", async () => {
      const created = await createOk({ user_id: "user_a" });
      expect((await revoke(created.id)).status).toBe(200);
      const again = await revoke(created.id);
      expectClerkError(again, 400, {
        code: "sign_in_token_cannot_be_revoked_code",
        message: "cannot revoke",
        long_message: expect.stringContaining("revoked"),
      });
    });

    it("answers 404 resource_not_found for an unknown id", async () => {
      const answer = await revoke("sit_doesnotexist");
      expectClerkError(answer, 404, { code: "resource_not_found" });
    });

    it("still revokes an expired but pending token (expiry is not a status)", async () => {
      const created = await createOk({ user_id: "user_a", expires_in_seconds: 1 });
      clock += 10_000;
      expect((await revoke(created.id)).status).toBe(200);
    });
  });

  describe("ticket acceptance", () => {
    it("accepts through the url once, after which revoke answers 400", async () => {
      const created = await createOk({ user_id: "user_a" });
      const accepted = await followLink(emulator, created.url);
      expect(accepted.status).toBe(200);
      expect(accepted.json()).toEqual({ object: "sign_in_token_acceptance", status: "accepted", user_id: "user_a" });
      expect(emulator.token(created.id)?.status).toBe("accepted");

      const revoked = await callApi(emulator, "POST", `/sign_in_tokens/${created.id}/revoke`);
      expectClerkError(revoked, 400, { code: "sign_in_token_cannot_be_revoked_code" });

      const reused = await followLink(emulator, created.url);
      expectClerkError(reused, 400, { code: "sign_in_token_already_used_code" });
    });

    it("refuses a revoked ticket", async () => {
      const created = await createOk({ user_id: "user_a" });
      emulator.revoke(created.id);
      const answer = await followLink(emulator, created.url);
      expectClerkError(answer, 400, { code: "sign_in_token_revoked_code" });
    });

    it("refuses an expired ticket and leaves the token pending", async () => {
      const created = await createOk({ user_id: "user_a", expires_in_seconds: 60 });
      clock += 60_000;
      const answer = await followLink(emulator, created.url);
      expectClerkError(answer, 400, { code: "ticket_expired_code" });
      expect(emulator.token(created.id)?.status).toBe("pending");
    });

    it.each(["garbage", "a.b.c"])("refuses the unknown ticket %j", async (ticket) => {
      const answer = await followLink(emulator, `/tickets/accept?ticket=${ticket}`);
      expectClerkError(answer, 400, { code: "ticket_invalid_code" });
    });

    it("refuses a ticket signed by another emulator", async () => {
      const other = await startClerkEmulator({ secretKey: KEY, users: ["user_a"] });
      try {
        const foreign = (await callApi(other, "POST", "/sign_in_tokens", { body: { user_id: "user_a" } })).json() as SignInTokenBody;
        const answer = await followLink(emulator, `/tickets/accept?ticket=${foreign.token}`);
        expect(answer.status).toBe(400);
      } finally {
        await other.stop();
      }
    });

    it("answers 422 when the ticket parameter is missing", async () => {
      expect((await followLink(emulator, "/tickets/accept")).status).toBe(422);
    });

    it("records the sign-in on the user", async () => {
      const created = await createOk({ user_id: "user_a" });
      await followLink(emulator, created.url);
      const users = (await callApi(emulator, "GET", "/users")).json() as Array<{ id: string; last_sign_in_at: number | null }>;
      expect(users.find((u) => u.id === "user_a")?.last_sign_in_at).toBe(clock);
    });
  });

  describe("the emulator's own controls", () => {
    it("accept() and revoke() follow the same rules as the API and throw otherwise", async () => {
      const one = await createOk({ user_id: "user_a" });
      const two = await createOk({ user_id: "user_a" });
      emulator.accept(one.id);
      expect(() => emulator.accept(one.id)).toThrow(/already been used/);
      expect(() => emulator.revoke(one.id)).toThrow(/accepted/);
      emulator.revoke(two.id);
      expect(() => emulator.accept(two.id)).toThrow(/revoked/);
      expect(() => emulator.revoke("sit_nope")).toThrow(/No sign-in token/);
      expect(() => emulator.accept("sit_nope")).toThrow(/No sign-in token/);
    });

    it("tokens() filters by user and status and hands out copies", async () => {
      const one = await createOk({ user_id: "user_a" });
      await createOk({ user_id: "user_b" });
      emulator.revoke(one.id);
      expect(emulator.tokens({ userId: "user_a" }).map((t) => t.id)).toEqual([one.id]);
      expect(emulator.tokens({ status: "pending" }).map((t) => t.userId)).toEqual(["user_b"]);
      const copy = emulator.tokens()[0] as { status: string };
      copy.status = "pending";
      expect(emulator.token(one.id)?.status).toBe("revoked");
    });
  });
});
