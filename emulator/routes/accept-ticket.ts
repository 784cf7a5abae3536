import { formParamMissing, ticketInvalid } from "../clerk/errors";
import { errorReply, jsonReply, type Reply } from "../http/reply";
import { acceptSignInToken } from "../tickets/acceptance";
import type { RouteContext } from "./context";

/**
 * GET /v1/tickets/accept?ticket=<jwt>: the emulator's stand-in for Clerk's
 * Frontend API, where a browser following a sign-in token's url signs the
 * user in (its row in route-table.ts says why it needs no key). The answer
 * is our own small JSON object rather than Clerk's redirect and session
 * cookies.
 */
export function acceptTicket(ctx: RouteContext): Reply {
  const ticket = ctx.query.get("ticket");
  if (ticket === null || ticket === "") return errorReply(formParamMissing("ticket"));
  const claims = ctx.signer.verify(ticket);
  if (claims === undefined || claims.iid !== ctx.instanceId) return errorReply(ticketInvalid());
  if (ctx.store.token(claims.sid)?.token !== ticket) return errorReply(ticketInvalid());
  const result = acceptSignInToken(ctx.store, claims.sid, ctx.now());
  if (!result.ok) return errorReply(result.error);
  return jsonReply(200, { object: "sign_in_token_acceptance", status: "accepted", user_id: result.token.userId });
}
