import { resourceNotFound, userNotFound } from "../clerk/errors";
import { errorReply, errorsReply, jsonReply, type Reply } from "../http/reply";
import { clerkId } from "../store/ids";
import { signInTokenJson } from "../store/sign-in-token-json";
import type { EmulatorToken } from "../types";
import type { RouteContext } from "./context";
import { parseCreateParams } from "./create-params";

/** POST /v1/sign_in_tokens */
export function createSignInToken(ctx: RouteContext): Reply {
  const parsed = parseCreateParams(ctx.body);
  if (!parsed.ok) return errorsReply(parsed.errors);
  const { userId, orgId, expiresInSeconds } = parsed.params;

  const user = ctx.store.user(userId);
  if (user === undefined) return errorReply(userNotFound(userId));

  // The contract lists 404 (ResourceNotFound) and 422 for this operation. A
  // well-formed org_id naming an organization the user does not belong to
  // is a lookup that finds nothing, which Clerk reports as
  // resource_not_found; 422 form_param_value_invalid would claim the value
  // itself is malformed. A secret-key caller may see every organization,
  // so the plain (not "_or_unauthorized") variant applies.
  if (orgId !== null && !user.organizationIds.includes(orgId)) {
    return errorReply(resourceNotFound(`User ${userId} is not a member of organization ${orgId}.`));
  }

  const id = clerkId("sit");
  const createdAt = ctx.now();
  const expiresAt = createdAt + expiresInSeconds * 1000;
  const jwt = ctx.signer.sign({
    sid: id,
    iid: ctx.instanceId,
    st: "sign_in_token",
    iat: Math.floor(createdAt / 1000),
    exp: Math.floor(expiresAt / 1000),
  });
  const token: EmulatorToken = {
    id,
    userId,
    orgId,
    status: "pending",
    token: jwt,
    url: `${ctx.apiUrl}/tickets/accept?ticket=${encodeURIComponent(jwt)}`,
    createdAt,
    updatedAt: createdAt,
    expiresAt,
  };
  ctx.store.insertToken(token);
  return jsonReply(200, signInTokenJson(token, { includeToken: true }));
}
