import { createHash } from "node:crypto";
import { CLIENT_COOKIE, TICKET_QUERY_PARAMETER } from "../clerk/facts";

/*
 * A stand-in for an app's sign-in page with Clerk's prebuilt <SignIn/> on it, served at
 * /sign-in, so that a real browser can sign in with a ticket against the emulator: the page
 * a SignInToken's `signInPage` names, opened with `?__clerk_ticket=<token>`.
 *
 * What it does is what <SignIn/> does with that parameter (clerk-js, SignInStart): it signs
 * in with the ticket through the Frontend API (here the emulator's ticket route, which sets
 * the `__client` cookie), removes the parameter from the address bar once the sign-in
 * completes (removeClerkQueryParam: history.replaceState), and shows the first error's
 * long message (or its message) when it fails, as Clerk's components do, with the error's
 * code. It learns who is signed in from GET /v1/client, as Clerk's SDK does on every load,
 * so a reload without the ticket stays signed in.
 *
 * For browser tests: <body data-state> is "loading" until the page has settled, then
 * "signed-in", "signed-out" or "error", set last, once the text is in place: wait for it,
 * not for time. Every element a test reads has an id and the same data-testid.
 *
 * Nothing leaves 127.0.0.1: the script and the style are inline, every URL is a path on the
 * page's own origin, and the Content-Security-Policy lets the page reach nothing else.
 */

const SCRIPT = `
"use strict";
const TICKET = ${JSON.stringify(TICKET_QUERY_PARAMETER)};
const byId = (id) => document.getElementById(id);

function show(state, details) {
  for (const id of ["loading", "signed-in", "signed-out", "error"]) byId(id).hidden = id !== state;
  if (state === "signed-in") {
    byId("user-id").textContent = details.user_id;
    byId("session-id").textContent = details.id;
  }
  if (state === "error") {
    byId("error-message").textContent = details.long_message || details.message || "";
    byId("error-code").textContent = details.code || "";
  }
  document.body.dataset.state = state;
}

async function getJson(path) {
  const answer = await fetch(path, { credentials: "same-origin", cache: "no-store" });
  let body = null;
  try {
    body = await answer.json();
  } catch {
    body = null;
  }
  return { ok: answer.ok, status: answer.status, body };
}

function firstError(answer) {
  const error = answer.body && Array.isArray(answer.body.errors) ? answer.body.errors[0] : undefined;
  return error || { message: "HTTP " + answer.status, code: "unexpected_response" };
}

async function signIn() {
  const ticket = new URL(window.location.href).searchParams.get(TICKET);
  if (ticket) {
    const accepted = await getJson("/v1/tickets/accept?ticket=" + encodeURIComponent(ticket));
    if (!accepted.ok) return show("error", firstError(accepted));
    const url = new URL(window.location.href);
    url.searchParams.delete(TICKET);
    window.history.replaceState({}, "", url);
  }
  const client = await getJson("/v1/client");
  if (!client.ok) return show("error", firstError(client));
  const current = client.body.response;
  const session = current && current.sessions.find((s) => s.id === current.last_active_session_id);
  return session ? show("signed-in", session) : show("signed-out", null);
}

// Last, so that its promise is the script's completion value (tests/support/sign-in-page.ts awaits it).
signIn().catch((error) => show("error", { message: String(error), code: "page_error" }));
`;

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 3rem auto; max-width: 36rem; padding: 0 1rem; }
code { background: #f2f2f2; padding: 0 0.25rem; }
`;

/** The CSP source of an inline block: its SHA-256, so that nothing else inline can run. */
function hashSource(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * Only this page's own script and style run, it may fetch from its own origin only, and it
 * loads no image (but the empty favicon), font, frame or form target from anywhere.
 */
export const SIGN_IN_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${hashSource(SCRIPT)}`,
  `style-src ${hashSource(STYLE)}`,
  "connect-src 'self'",
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const SIGN_IN_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in (Clerk emulator)</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body data-state="loading">
<main id="sign-in" data-testid="sign-in">
<h1>Sign in</h1>
<p id="loading" data-testid="loading">Signing in…</p>
<section id="signed-in" data-testid="signed-in" hidden>
<p id="signed-in-as" data-testid="signed-in-as">Signed in as <span id="user-id" data-testid="user-id"></span></p>
<p>Session <code id="session-id" data-testid="session-id"></code></p>
</section>
<p id="signed-out" data-testid="signed-out" hidden>Signed out</p>
<p id="error" data-testid="error" role="alert" hidden><span id="error-message" data-testid="error-message"></span>
(<code id="error-code" data-testid="error-code"></code>)</p>
</main>
<p><small>A stand-in for an app's sign-in page with Clerk's &lt;SignIn/&gt;, served by the Clerk emulator.
The session lives in the <code>${CLIENT_COOKIE.name}</code> cookie.</small></p>
<script>${SCRIPT}</script>
</body>
</html>
`;
