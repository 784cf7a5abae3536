import { jsonReply, type Reply } from "../http/reply";
import type { RouteContext } from "./context";

/** GET /v1/jwks: the public key that verifies sign-in token tickets. */
export function getJwks(ctx: RouteContext): Reply {
  return jsonReply(200, { keys: [ctx.signer.jwk()] });
}
