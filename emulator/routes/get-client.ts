import { CLIENT_COOKIE } from "../clerk/facts";
import { readCookie } from "../http/cookies";
import { jsonReply, type Reply } from "../http/reply";
import { clientJson } from "../store/client-json";
import type { RouteContext } from "./context";

/**
 * GET /v1/client: the emulator's stand-in for the Frontend API's GET /v1/client, which
 * Clerk's browser SDK asks on every page load to learn who is signed in. The browser is the
 * client its `__client` cookie names. The answer keeps the Frontend API's envelope,
 * `{"response": …, "client": …}` (Clerk's FAPI OpenAPI, as the generated clerk-fapi-rs has
 * it: ClientClientWrappedClient), with `response` null for a browser that never signed in
 * and `client`, the piggybacked client, always null here; the Client inside is the
 * contract's (store/client-json.ts).
 */
export function getClient(ctx: RouteContext): Reply {
  const client = ctx.sessions.clientByCookie(readCookie(ctx.cookies, CLIENT_COOKIE.name));
  if (client === undefined) return jsonReply(200, { response: null, client: null });
  const live = ctx.sessions.sessions(ctx.now(), { clientId: client.id, status: "active" });
  return jsonReply(200, { response: clientJson(client, live), client: null });
}
