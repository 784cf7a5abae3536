import type { EmulatorToken } from "../types";

/**
 * The contract's SignInToken object. The schema has additionalProperties:
 * false, so nothing else may appear: no org_id and no expiry, even though
 * the emulator tracks both.
 */
export interface SignInTokenJson {
  object: "sign_in_token";
  id: string;
  status: EmulatorToken["status"];
  user_id: string;
  token?: string;
  url: string;
  created_at: number;
  updated_at: number;
}

/**
 * Clerk hands out the ticket itself only when creating the token; later
 * answers (revoke) leave `token` out and keep `url`, as Clerk's SDK shows
 * (`token: undefined` on a revoked SignInToken).
 */
export function signInTokenJson(token: EmulatorToken, options: { includeToken: boolean }): SignInTokenJson {
  return {
    object: "sign_in_token",
    id: token.id,
    status: token.status,
    user_id: token.userId,
    ...(options.includeToken ? { token: token.token } : {}),
    url: token.url,
    created_at: token.createdAt,
    updated_at: token.updatedAt,
  };
}
