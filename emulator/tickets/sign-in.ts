import type { ClerkErrorSpec } from "../clerk/errors";
import type { SessionStore, StoredClient } from "../store/session-store";
import type { ClerkStore } from "../store/store";
import type { EmulatorSession, EmulatorToken } from "../types";
import { acceptSignInToken } from "./acceptance";

export type SignInResult =
  | { ok: true; token: EmulatorToken; session: EmulatorSession; client: StoredClient }
  | { ok: false; error: ClerkErrorSpec };

/**
 * A sign-in with a ticket, Clerk's `ticket` strategy: the sign-in token is consumed
 * (acceptance.ts says when it can be), and the browser, the client its `__client` cookie
 * names or a new one, gets a session for the token's user in the token's organization (the
 * contract: org_id is "the organization to activate when the user signs in"). Shared by the
 * ticket route and ClerkEmulator.accept, so both follow one rule.
 */
export function signInWithTicket(
  stores: { store: ClerkStore; sessions: SessionStore },
  tokenId: string,
  client: StoredClient | undefined,
  now: number,
): SignInResult {
  const accepted = acceptSignInToken(stores.store, tokenId, now);
  if (!accepted.ok) return accepted;
  const signedIn = client ?? stores.sessions.newClient(now);
  const { userId, orgId, id: signInTokenId } = accepted.token;
  const session = stores.sessions.startSession(signedIn.id, { userId, orgId, signInTokenId }, now);
  return { ok: true, token: accepted.token, session, client: signedIn };
}
