import { formParamMissing, ticketInvalid } from "../clerk/errors";
import { CLIENT_COOKIE } from "../clerk/facts";
import { clientCookie, readCookie } from "../http/cookies";
import { errorReply, jsonReply, type Reply } from "../http/reply";
import { signInWithTicket } from "../tickets/sign-in";
import type { RouteContext } from "./context";

/**
 * GET /v1/tickets/accept?ticket=<jwt>: the emulator's stand-in for Clerk's
 * Frontend API, where a browser following a sign-in token's url signs the
 * user in (its row in catalogue.ts says why it needs no key). The answer
 * is our own small JSON object rather than Clerk's redirect to a sign-in page.
 *
 * A successful sign-in also sets the `__client` cookie of the session it made,
 * as Clerk's Frontend API does: a browser that follows Clerk's url is then
 * signed in, as it would be with Clerk, and the emulator's sign-in page
 * (/sign-in) consumes its ticket through this very route, so sessions are made
 * in one place. An HTTP client that ignores cookies sees the same JSON as
 * ever. A cookie the request brings names the browser, which keeps its client.
 */
export function acceptTicket(ctx: RouteContext): Reply {
  const ticket = ctx.query.get("ticket");
  if (ticket === null || ticket === "") return errorReply(formParamMissing("ticket"));
  const claims = ctx.signer.verify(ticket);
  if (claims === undefined || claims.iid !== ctx.instanceId) return errorReply(ticketInvalid());
  if (ctx.store.token(claims.sid)?.token !== ticket) return errorReply(ticketInvalid());
  const client = ctx.sessions.clientByCookie(readCookie(ctx.cookies, CLIENT_COOKIE.name));
  const result = signInWithTicket(ctx, claims.sid, client, ctx.now());
  if (!result.ok) return errorReply(result.error);
  return jsonReply(
    200,
    { object: "sign_in_token_acceptance", status: "accepted", user_id: result.token.userId },
    { "set-cookie": clientCookie(result.client.cookieToken) },
  );
}
