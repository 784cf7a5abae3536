import { type ApiAnswer, callApi, expectClerkError, followLink } from "../../tests/support/call-api";
import { testSecretKey } from "../../tests/support/env";
import { startClerkEmulator } from "../http/server";
import type { ClerkEmulator } from "../types";

const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

interface ClientAnswer {
  response: {
    object: string;
    id: string;
    session_ids: string[];
    sessions: Array<{ id: string; user_id: string; client_id: string; status: string; last_active_organization_id: string | null }>;
    last_active_session_id: string | null;
    last_authentication_strategy: string | null;
  } | null;
  client: null;
}

/** The `__client` cookie's value from an answer's Set-Cookie, and the attributes it was set with. */
function setCookie(answer: ApiAnswer): { value: string; attributes: string[] } | undefined {
  const header = answer.headers["set-cookie"];
  const line = Array.isArray(header) ? header[0] : header;
  if (line === undefined) return undefined;
  const [pair, ...attributes] = line.split(";").map((part) => part.trim());
  const [name, value] = (pair as string).split("=");
  expect(name).toBe("__client");
  return { value: value as string, attributes };
}

describe("sessions: the ticket route's cookie and the client route", () => {
  let emulator: ClerkEmulator;
  let clock: number;

  beforeEach(async () => {
    clock = Date.UTC(2026, 4, 12, 9, 0, 0);
    emulator = await startClerkEmulator({
      secretKey: testSecretKey(),
      users: ["user_a", { id: "user_b", organizationIds: ["org_1"] }],
      rateLimit: false,
      now: () => clock,
    });
  });
  afterEach(() => emulator.stop());

  const mint = async (body: Record<string, unknown>) =>
    (await callApi(emulator, "POST", "/sign_in_tokens", { body })).json() as { id: string; token: string; url: string };
  const client = async (cookie?: string): Promise<ClientAnswer> => {
    const answer = await callApi(emulator, "GET", "/client", {
      key: null,
      headers: cookie === undefined ? {} : { cookie: `theme=dark; __client=${cookie}` },
    });
    expect(answer.status).toBe(200);
    return answer.json() as ClientAnswer;
  };

  it("a ticket accepted by the url starts a session and sets its __client cookie; the JSON answer is as before", async () => {
    const ticket = await mint({ user_id: "user_b", org_id: "org_1" });
    const accepted = await followLink(emulator, ticket.url);
    expect(accepted.json()).toEqual({ object: "sign_in_token_acceptance", status: "accepted", user_id: "user_b" });
    const cookie = setCookie(accepted);
    expect(cookie?.attributes.sort()).toEqual(["HttpOnly", "Max-Age=604800", "Path=/", "SameSite=Lax"]);

    const [session] = emulator.sessions();
    expect(emulator.sessions()).toEqual([
      {
        id: expect.stringMatching(/^sess_[0-9A-Za-z]{27}$/),
        clientId: expect.stringMatching(/^client_[0-9A-Za-z]{27}$/),
        userId: "user_b",
        orgId: "org_1",
        signInTokenId: ticket.id,
        status: "active",
        createdAt: clock,
        updatedAt: clock,
        expiresAt: clock + SEVEN_DAYS_MS,
      },
    ]);
    // The cookie is a secret of its own: neither the client's id nor the session's.
    expect([session?.id, session?.clientId]).not.toContain(cookie?.value);

    expect(await client(cookie?.value)).toEqual({
      response: expect.objectContaining({
        object: "client",
        id: session?.clientId,
        session_ids: [session?.id],
        sessions: [expect.objectContaining({ id: session?.id, user_id: "user_b", status: "active", last_active_organization_id: "org_1" })],
        last_active_session_id: session?.id,
        last_authentication_strategy: "ticket",
      }),
      client: null,
    });
  });

  it("knows no browser without a cookie, or with one it never set", async () => {
    expect(await client()).toEqual({ response: null, client: null });
    expect(await client("not_a_cookie_it_set")).toEqual({ response: null, client: null });
  });

  it("keeps a browser's client across tickets; the later sign-in ends the earlier session", async () => {
    const first = setCookie(await followLink(emulator, (await mint({ user_id: "user_a" })).url));
    const second = await callApi(emulator, "GET", (await mint({ user_id: "user_b" })).url, {
      key: null,
      headers: { cookie: `__client=${first?.value}` },
    });
    expect(second.status).toBe(200);
    expect(setCookie(second)?.value).toBe(first?.value);

    const [earlier, later] = emulator.sessions();
    expect([earlier?.status, later?.status]).toEqual(["ended", "active"]);
    expect(later?.clientId).toBe(earlier?.clientId);
    const seen = await client(first?.value);
    expect(seen.response?.sessions.map((s) => s.user_id)).toEqual(["user_b"]);
    expect(seen.response?.last_active_session_id).toBe(later?.id);
  });

  it("a browser without the cookie gets a client of its own", async () => {
    await followLink(emulator, (await mint({ user_id: "user_a" })).url);
    await followLink(emulator, (await mint({ user_id: "user_a" })).url);
    const [one, two] = emulator.sessions();
    expect(one?.clientId).not.toBe(two?.clientId);
    expect(emulator.sessions({ status: "active" })).toHaveLength(2);
  });

  it.each<[string, (ticket: { id: string; url: string }) => Promise<string>, string]>([
    [
      "already used",
      async (t) => {
        await followLink(emulator, t.url);
        return t.url;
      },
      "sign_in_token_already_used_code",
    ],
    [
      "revoked",
      async (t) => {
        emulator.revoke(t.id);
        return t.url;
      },
      "sign_in_token_revoked_code",
    ],
    [
      "expired",
      async (t) => {
        clock += 61_000;
        return t.url;
      },
      "ticket_expired_code",
    ],
    ["invalid", async (t) => `${t.url}x`, "ticket_invalid_code"],
  ])("a ticket %s sets no cookie and starts no session", async (_label, spoil, code) => {
    const ticket = await mint({ user_id: "user_a", expires_in_seconds: 60 });
    const url = await spoil(ticket);
    const before = emulator.sessions().length;
    const answer = await followLink(emulator, url);
    expectClerkError(answer, 400, { code });
    expect(answer.headers["set-cookie"]).toBeUndefined();
    expect(emulator.sessions()).toHaveLength(before);
  });

  it("a session expires after Clerk's default maximum lifetime of 7 days, and the browser is signed out", async () => {
    const cookie = setCookie(await followLink(emulator, (await mint({ user_id: "user_a" })).url));
    clock += SEVEN_DAYS_MS - 1;
    expect((await client(cookie?.value)).response?.last_active_session_id).toEqual(expect.any(String));
    clock += 1;
    const seen = await client(cookie?.value);
    expect(seen.response).toMatchObject({
      session_ids: [],
      sessions: [],
      last_active_session_id: null,
      last_authentication_strategy: null,
    });
    expect(emulator.sessions().map((s) => s.status)).toEqual(["expired"]);
  });

  it("accept() signs in as the ticket would, on a browser of its own", async () => {
    const ticket = await mint({ user_id: "user_a" });
    emulator.accept(ticket.id);
    expect(emulator.sessions()).toEqual([expect.objectContaining({ userId: "user_a", signInTokenId: ticket.id, status: "active" })]);
    const [session] = emulator.sessions();
    expect(emulator.session(session?.id as string)).toEqual(session);
    expect(emulator.session("sess_unknown")).toBeUndefined();
  });

  it("asks no key of the client route, which takes no place in the rate limit and sees neither faults nor outages", async () => {
    emulator.setRateLimit({ requests: 1, windowSeconds: 60 });
    emulator.setFaults([{ route: "*", probability: 1, kinds: [500] }]);
    emulator.outage(60);
    for (let i = 0; i < 3; i += 1) expect(await client()).toEqual({ response: null, client: null });
    const wrongMethod = await callApi(emulator, "POST", "/client", { key: null });
    expect([wrongMethod.status, wrongMethod.headers.allow]).toEqual([405, "GET"]);
  });
});
