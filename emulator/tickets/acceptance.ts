import { type ClerkErrorSpec, signInTokenAlreadyUsed, signInTokenRevoked, ticketExpired, ticketInvalid } from "../clerk/errors";
import type { ClerkStore } from "../store/store";
import type { EmulatorToken } from "../types";

export type AcceptanceResult = { ok: true; token: EmulatorToken } | { ok: false; error: ClerkErrorSpec };

/**
 * What a sign-in with a ticket does to its sign-in token: only a pending,
 * unexpired token is consumed, exactly once. Expiry does not change a
 * token's status (Clerk's SignInToken has no "expired" status); it only
 * stops the ticket from being used. Shared by the ticket route and by
 * ClerkEmulator.accept so both follow one rule.
 */
export function acceptSignInToken(store: ClerkStore, tokenId: string, now: number): AcceptanceResult {
  const token = store.token(tokenId);
  if (token === undefined) return { ok: false, error: ticketInvalid() };
  if (token.status === "revoked") return { ok: false, error: signInTokenRevoked() };
  if (token.status === "accepted") return { ok: false, error: signInTokenAlreadyUsed() };
  if (hasExpired(token, now)) return { ok: false, error: ticketExpired() };
  const moved = store.transition(tokenId, "accepted", now);
  if (!moved.ok) return { ok: false, error: ticketInvalid() };
  store.recordSignIn(token.userId, now);
  return { ok: true, token: moved.token };
}

/** Whether a token's ticket is past its expiry at `now`: from the instant of `expiresAt` on. */
export function hasExpired(token: Pick<EmulatorToken, "expiresAt">, now: number): boolean {
  return now >= token.expiresAt;
}
