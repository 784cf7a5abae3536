import type { ResolvedInputs } from "./inputs";
import type { SignInTokenObject } from "./clerk/objects";

/** What the provider stores for a ticket: the inputs, plus what Clerk answered. */
export interface SignInTokenOutputs extends ResolvedInputs {
  /** The user the ticket signs in; resolved from `userEmail` when that was given. */
  userId: string;
  status: SignInTokenObject["status"];
  /** The ticket (a JWT). Secret. */
  token: string;
  /** The ready-made sign-in link carrying the ticket. Secret. */
  url: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601; Clerk returns no expiry, so this is created + expiresInSeconds. */
  expiresAt: string;
}

export function toOutputs(inputs: ResolvedInputs, userId: string, created: SignInTokenObject & { token: string; url: string }): SignInTokenOutputs {
  return {
    ...inputs,
    userId,
    status: created.status,
    token: created.token,
    url: created.url,
    createdAt: new Date(created.created_at).toISOString(),
    expiresAt: new Date(created.created_at + inputs.expiresInSeconds * 1000).toISOString(),
  };
}

/**
 * True from `expiresAt − renewBeforeSeconds` on: `up` replaces such a ticket. A missing or
 * unreadable `expiresAt` counts as due: an expired ticket must never be reported as fine.
 */
export function isInRenewalWindow(outputs: Partial<SignInTokenOutputs>, now: number = Date.now()): boolean {
  const expiresAt = typeof outputs.expiresAt === "string" ? Date.parse(outputs.expiresAt) : NaN;
  if (Number.isNaN(expiresAt)) return true;
  const renewBefore = typeof outputs.renewBeforeSeconds === "number" ? outputs.renewBeforeSeconds : 0;
  return now >= expiresAt - renewBefore * 1000;
}

/** True once the ticket no longer works (or its expiry cannot be read). */
export function isExpired(outputs: Partial<SignInTokenOutputs>, now: number = Date.now()): boolean {
  return isInRenewalWindow({ expiresAt: outputs.expiresAt, renewBeforeSeconds: 0 }, now);
}

/**
 * Kept for the provider code that version 0.1.0 stored in its states, whose `read` revokes a
 * ticket that is "due" and still valid, then drops it. `read` must change nothing at Clerk
 * (it runs during `pulumi preview --refresh`), so for that caller a ticket is due only once
 * it has expired: it is then dropped without a request, as the current `read` does. Not
 * used by the current code; see provider/legacy.test.ts.
 */
export const isDueForRenewal: (outputs: Partial<SignInTokenOutputs>, now?: number) => boolean = isExpired;
