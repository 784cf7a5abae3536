import type { ClerkClient } from "./client";
import { ClerkResponseError } from "./errors";
import type { SignInTokenObject } from "./objects";
import { signInTokenSchema } from "./schemas";

/** CreateSignInToken's `expires_in_seconds` when none is sent: 30 days. */
export const CLERK_DEFAULT_EXPIRES_IN_SECONDS = 2_592_000;

/** What a new ticket is for, in the provider's terms (the Backend API body is snake_case). */
export interface NewSignInToken {
  userId: string;
  orgId?: string;
  expiresInSeconds: number;
}

/** A ticket as minted: the contract makes `token` and `url` optional, but a new ticket without them is of no use. */
export type MintedSignInToken = SignInTokenObject & { token: string; url: string };

/**
 * `POST /sign_in_tokens` (CreateSignInToken).
 *
 * Not idempotent, and Clerk offers neither an idempotency key nor a way to list tickets,
 * so a ticket whose answer is lost can never be found again. A create that times out is
 * therefore kept waiting while it is retried, and any ticket that answers after another
 * attempt already won is revoked at once. A ticket that comes back without its token or
 * link is revoked too, rather than left a live credential that nobody holds, and the
 * answer is refused.
 */
export async function createSignInToken(client: ClerkClient, params: NewSignInToken): Promise<MintedSignInToken> {
  const body: Record<string, unknown> = { user_id: params.userId, expires_in_seconds: params.expiresInSeconds };
  if (params.orgId !== undefined) body.org_id = params.orgId;
  const request = { method: "POST", path: "/sign_in_tokens", body, schema: signInTokenSchema() } as const;
  const created = await client.call(request, { revokeDuplicate: async (ticket) => void (await revokeSignInToken(client, ticket.id)) });
  if (created.token && created.url) return { ...created, token: created.token, url: created.url };
  await revokeSignInToken(client, created.id).catch(() => undefined);
  throw new ClerkResponseError({
    status: 200,
    traceId: undefined,
    request: { method: request.method, path: request.path },
    issues: [`sign-in token ${created.id} came back without ${created.token ? "url" : "token"} (revoked it)`],
  });
}

/** `POST /sign_in_tokens/{sign_in_token_id}/revoke` (RevokeSignInToken). */
export function revokeSignInToken(client: ClerkClient, id: string): Promise<SignInTokenObject> {
  return client.call({
    method: "POST",
    path: `/sign_in_tokens/${encodeURIComponent(id)}/revoke`,
    schema: signInTokenSchema(),
  });
}
