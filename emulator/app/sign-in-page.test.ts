import { createHash } from "node:crypto";
import { callApi, expectClerkError } from "../../tests/support/call-api";
import { testSecretKey } from "../../tests/support/env";
import { type CookieJar, openSignInPage } from "../../tests/support/sign-in-page";
import { startClerkEmulator } from "../http/server";
import type { ClerkEmulator } from "../types";

const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

describe("the sign-in page, as served", () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    emulator = await startClerkEmulator({ secretKey: testSecretKey(), users: ["user_a"] });
  });
  afterAll(() => emulator.stop());

  const get = (path: string, method = "GET") =>
    callApi(emulator, method, `${emulator.signInPage.replace(/\/sign-in$/, "")}${path}`, { key: null });

  it("is served at <origin>/sign-in, outside /v1, as HTML that is neither cached nor referred on", async () => {
    expect(emulator.signInPage).toBe(emulator.url.replace(/\/v1$/, "/sign-in"));
    const page = await get("/sign-in?__clerk_ticket=abc");
    expect(page.status).toBe(200);
    expect(page.headers).toMatchObject({
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    });
    expect(page.text).toMatch(/^<!doctype html>/);
  });

  it("reaches nothing outside its own origin: no address in it, only inline code, a CSP that allows its own origin only", async () => {
    const page = await get("/sign-in");
    expect(page.text).not.toMatch(/[a-z]+:\/\/|\/\/[a-z0-9]/i);
    expect(page.text).not.toMatch(/\ssrc=/i);
    expect([...page.text.matchAll(/\shref="([^"]*)"/gi)].map((m) => m[1])).toEqual(["data:,"]);
    const csp = String(page.headers["content-security-policy"]).split("; ");
    expect(csp).toEqual(
      expect.arrayContaining(["default-src 'none'", "connect-src 'self'", "img-src data:", "base-uri 'none'", "form-action 'none'"]),
    );
    // The CSP names the page's own inline script and style by hash, so they run and nothing else does.
    const sha = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
    const script = /<script>([\s\S]*?)<\/script>/.exec(page.text)?.[1] as string;
    const style = /<style>([\s\S]*?)<\/style>/.exec(page.text)?.[1] as string;
    expect(csp).toContain(`script-src ${sha(script)}`);
    expect(csp).toContain(`style-src ${sha(style)}`);
    expect(page.text.match(/<script/g)).toHaveLength(1);
  });

  it("has the stable ids and data-testids a browser test waits for", async () => {
    const page = await get("/sign-in");
    expect(page.text).toContain('<body data-state="loading">');
    for (const id of [
      "sign-in",
      "loading",
      "signed-in",
      "signed-in-as",
      "user-id",
      "session-id",
      "signed-out",
      "error",
      "error-message",
      "error-code",
    ]) {
      expect(page.text).toMatch(new RegExp(`id="${id}" data-testid="${id}"`));
    }
    expect(page.text).toMatch(/id="signed-in-as" data-testid="signed-in-as">Signed in as <span id="user-id"/);
    expect(page.text).toMatch(/id="signed-out" data-testid="signed-out" hidden>Signed out</);
  });

  it("asks no key, takes no place in the rate limit and sees neither faults nor outages", async () => {
    emulator.setRateLimit({ requests: 1, windowSeconds: 60 });
    emulator.setFaults([{ route: "*", probability: 1, kinds: [500] }]);
    emulator.outage(60);
    emulator.resetRequests();
    try {
      for (let i = 0; i < 3; i += 1) expect((await get("/sign-in")).status).toBe(200);
      expect(emulator.requestCount({ route: "sign-in-page", status: 200 })).toBe(3);
    } finally {
      emulator.endOutage();
      emulator.setFaults([]);
      emulator.setRateLimit(false);
    }
  });

  it("answers 405 to another method, and 404 elsewhere outside /v1", async () => {
    const post = await get("/sign-in", "POST");
    expect([post.status, post.headers.allow]).toEqual([405, "GET"]);
    expectClerkError(await get("/sign-in/extra"), 404, { code: "resource_not_found" });
  });
});

describe("the sign-in page, run as a browser runs it", () => {
  let emulator: ClerkEmulator;
  let clock: number;
  let jar: CookieJar;

  beforeEach(async () => {
    clock = Date.UTC(2026, 4, 12, 9, 0, 0);
    emulator = await startClerkEmulator({ secretKey: testSecretKey(), users: ["user_a", "user_b"], rateLimit: false, now: () => clock });
    jar = new Map();
  });
  afterEach(() => emulator.stop());

  const mint = async (userId: string, expiresInSeconds = 600) =>
    (await callApi(emulator, "POST", "/sign_in_tokens", { body: { user_id: userId, expires_in_seconds: expiresInSeconds } })).json() as {
      id: string;
      token: string;
    };
  const withTicket = (token: string, page = emulator.signInPage) => {
    const url = new URL(page);
    url.searchParams.set("__clerk_ticket", token);
    return url.toString();
  };

  it("signs in with the ticket, takes it out of the address bar, and shows who is signed in", async () => {
    const ticket = await mint("user_a");
    const page = await openSignInPage(withTicket(ticket.token, `${emulator.signInPage}?next=%2Fhome`), jar);

    expect(page.state).toBe("signed-in");
    expect([page.hidden("signed-in"), page.hidden("loading"), page.hidden("signed-out"), page.hidden("error")]).toEqual([
      false,
      true,
      true,
      true,
    ]);
    expect(page.text("user-id")).toBe("user_a");
    const [session] = emulator.sessions();
    expect(page.text("session-id")).toBe(session?.id);
    expect(session).toMatchObject({ userId: "user_a", signInTokenId: ticket.id, status: "active" });
    expect(emulator.token(ticket.id)?.status).toBe("accepted");
    // As Clerk's <SignIn/> does once the sign-in completes: the ticket leaves, the rest of the address stays.
    expect(page.location).toBe(`${emulator.signInPage}?next=%2Fhome`);
    expect([...jar.keys()]).toEqual(["__client"]);
    expect(page.fetches.map((f) => [new URL(f.url).pathname, f.status])).toEqual([
      ["/v1/tickets/accept", 200],
      ["/v1/client", 200],
    ]);
    expect(page.console).toEqual([]);
  });

  it("stays signed in on a reload without the ticket, which it does not use again", async () => {
    const ticket = await mint("user_a");
    const first = await openSignInPage(withTicket(ticket.token), jar);
    const reload = await openSignInPage(first.location, jar);
    expect(reload.state).toBe("signed-in");
    expect(reload.text("user-id")).toBe("user_a");
    expect(reload.text("session-id")).toBe(first.text("session-id"));
    expect(reload.fetches.map((f) => new URL(f.url).pathname)).toEqual(["/v1/client"]);
    expect(emulator.sessions()).toHaveLength(1);
  });

  it("says Signed out with neither ticket nor session", async () => {
    const page = await openSignInPage(emulator.signInPage, jar);
    expect(page.state).toBe("signed-out");
    expect([page.hidden("signed-out"), page.hidden("signed-in"), page.hidden("error")]).toEqual([false, true, true]);
    expect(page.text("signed-out")).toBe("Signed out");
  });

  it("is signed out on a reload once the session's 7 days are over", async () => {
    const first = await openSignInPage(withTicket((await mint("user_a")).token), jar);
    clock += SEVEN_DAYS_MS;
    const later = await openSignInPage(first.location, jar);
    expect(later.state).toBe("signed-out");
  });

  it("signs the browser in as the next ticket's user, ending the earlier session", async () => {
    await openSignInPage(withTicket((await mint("user_a")).token), jar);
    const second = await openSignInPage(withTicket((await mint("user_b")).token), jar);
    expect(second.text("user-id")).toBe("user_b");
    expect(emulator.sessions().map((s) => [s.userId, s.status])).toEqual([
      ["user_a", "ended"],
      ["user_b", "active"],
    ]);
  });

  it.each<[string, (ticket: { id: string; token: string }) => Promise<string>, string, string]>([
    [
      "already used",
      async (ticket) => {
        await openSignInPage(withTicket(ticket.token), new Map());
        return ticket.token;
      },
      "sign_in_token_already_used_code",
      "This sign in token has already been used. Each token can only be used once.",
    ],
    [
      "revoked",
      async (ticket) => {
        await callApi(emulator, "POST", `/sign_in_tokens/${ticket.id}/revoke`);
        return ticket.token;
      },
      "sign_in_token_revoked_code",
      "This sign in token has been revoked and cannot be used anymore.",
    ],
    [
      "expired",
      async (ticket) => {
        clock += 600_000;
        return ticket.token;
      },
      "ticket_expired_code",
      "The ticket has expired.",
    ],
    ["invalid", async () => "not.a.ticket", "ticket_invalid_code", "The ticket is invalid."],
  ])("shows Clerk's error for a ticket %s, signs nobody in and leaves the ticket where it was", async (_label, spoil, code, message) => {
    const ticket = await mint("user_a");
    const token = await spoil(ticket);
    const sessionsBefore = emulator.sessions().length;
    const address = withTicket(token);
    const page = await openSignInPage(address, jar);

    expect(page.state).toBe("error");
    expect([page.hidden("error"), page.hidden("signed-in"), page.hidden("signed-out")]).toEqual([false, true, true]);
    expect([page.text("error-code"), page.text("error-message")]).toEqual([code, message]);
    expect(emulator.sessions()).toHaveLength(sessionsBefore);
    expect(jar.size).toBe(0);
    // Clerk removes the parameter only once the sign-in completes.
    expect(page.location).toBe(address);
  });

  it("never sends a key, and logs neither the ticket nor the cookie", async () => {
    const ticket = await mint("user_a");
    emulator.resetRequests();
    const page = await openSignInPage(withTicket(ticket.token), jar);
    expect(page.fetches.every((f) => !f.authorization)).toBe(true);
    const logged = JSON.stringify(emulator.requests());
    expect(logged.includes(ticket.token) || logged.includes(jar.get("__client") as string)).toBe(false);
    expect(emulator.requests().map((r) => `${r.method} ${r.path} ${r.route} ${r.status}`)).toEqual([
      "GET /sign-in sign-in-page 200",
      "GET /v1/tickets/accept accept-ticket 200",
      "GET /v1/client client 200",
    ]);
  });
});
