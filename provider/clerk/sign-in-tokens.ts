import type { ClerkClient } from "./client";
import type { SignInTokenObject } from "./objects";
import { signInTokenSchema } from "./schemas";

/** What a new ticket is for, in the provider's terms (the Backend API body is snake_case). */
export interface NewSignInToken {
  userId: string;
  orgId?: string;
  expiresInSeconds: number;
}

/**
 * `POST /sign_in_tokens` (CreateSignInToken).
 *
 * Not idempotent, and Clerk offers neither an idempotency key nor a way to list tickets,
 * so a ticket whose answer is lost can never be found again. A create that times out is
 * therefore kept waiting while it is retried, and any ticket that answers after another
 * attempt already won is revoked at once.
 */
export function createSignInToken(client: ClerkClient, params: NewSignInToken): Promise<SignInTokenObject> {
  const body: Record<string, unknown> = { user_id: params.userId, expires_in_seconds: params.expiresInSeconds };
  if (params.orgId !== undefined) body.org_id = params.orgId;
  return client.call(
    { method: "POST", path: "/sign_in_tokens", body, schema: signInTokenSchema() },
    { revokeDuplicate: async (ticket) => void (await revokeSignInToken(client, ticket.id)) },
  );
}

/** `POST /sign_in_tokens/{sign_in_token_id}/revoke` (RevokeSignInToken). */
export function revokeSignInToken(client: ClerkClient, id: string): Promise<SignInTokenObject> {
  return client.call({
    method: "POST",
    path: `/sign_in_tokens/${encodeURIComponent(id)}/revoke`,
    schema: signInTokenSchema(),
  });
}
