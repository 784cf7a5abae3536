import { resourceNotFound, signInTokenCannotBeRevoked } from "../clerk/errors";
import { errorReply, jsonReply, type Reply } from "../http/reply";
import { signInTokenJson } from "../store/sign-in-token-json";
import type { RouteContext } from "./context";

/** POST /v1/sign_in_tokens/{sign_in_token_id}/revoke */
export function revokeSignInToken(ctx: RouteContext): Reply {
  const id = ctx.params.id ?? "";
  const result = ctx.store.transition(id, "revoked", ctx.now());
  if (result.ok) return jsonReply(200, signInTokenJson(result.token, { includeToken: false }));
  if (result.reason === "not_found") return errorReply(resourceNotFound());
  return errorReply(signInTokenCannotBeRevoked(result.status));
}
