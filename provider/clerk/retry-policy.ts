import type { AttemptResult } from "./transport";

/**
 * When an API call is tried again, and after how long.
 *
 * Clerk's own SDKs back off from 500 ms by ×1.5; we do the same, capped, with half of the
 * delay jitter so that the many operations of one deployment do not retry in lock-step. A
 * 429 waits what `Retry-After` says, plus a little jitter for the same reason.
 */
const BACKOFF_BASE_MS = 500;
const BACKOFF_FACTOR = 1.5;
const BACKOFF_CAP_MS = 8_000;

/** Statuses where Clerk (or the proxy before it) did not complete the request. */
const TRANSIENT_STATUSES: readonly number[] = [429, 500, 502, 503, 504];

/**
 * True when the answer shows that Clerk did not carry the request out, so that sending it
 * again cannot do it twice: Clerk refused it for its rate limit (429) or its maintenance
 * (503), or the connection was refused before anything was sent. Any other failure (500,
 * 502, 504, a reset, a timeout) may have come after Clerk minted a ticket.
 */
export function neverReachedClerk(result: AttemptResult): boolean {
  if (result.kind === "no-answer") return result.reason === "ECONNREFUSED";
  return result.status === 429 || result.status === 503;
}

export function isRetryable(result: AttemptResult): boolean {
  // No answer may be a passing network fault; a refused certificate will be refused again.
  if (result.kind === "no-answer") return !result.certificateRefused;
  return TRANSIENT_STATUSES.includes(result.status);
}

/** Delay before attempt `attempt + 1` (attempt counts from 1). */
export function retryDelayMs(result: AttemptResult, attempt: number, random: () => number = Math.random): number {
  if (result.kind === "answer" && result.status === 429) {
    const seconds = result.retryAfterSeconds ?? 1;
    return seconds * 1000 + Math.floor(random() * 250);
  }
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * BACKOFF_FACTOR ** (attempt - 1));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Attempts of a create that may have minted a ticket (see neverReachedClerk): each retry
 * after one may leave a second ticket that no answer names, so they stay as few as they
 * were when every call had at most 8 attempts. Answers that prove nothing was minted are
 * retried until the deadline, as every call's are.
 */
export const MAX_AMBIGUOUS_CREATE_ATTEMPTS = 8;

/**
 * Whether a failed attempt is tried again: a failure worth retrying, attempts left (none
 * are counted by default: the deadline decides), the retry due before the deadline, and,
 * for a create, fewer than MAX_AMBIGUOUS_CREATE_ATTEMPTS attempts that may have minted.
 */
export function mayRetry(state: {
  result: AttemptResult;
  attempt: number;
  maxAttempts: number;
  /** For a create: how many of its attempts so far may have minted a ticket; 0 for other calls. */
  ambiguousCreateAttempts: number;
  retryAt: number;
  deadline: number;
}): boolean {
  return (
    isRetryable(state.result) &&
    state.attempt < state.maxAttempts &&
    state.retryAt < state.deadline &&
    state.ambiguousCreateAttempts < MAX_AMBIGUOUS_CREATE_ATTEMPTS
  );
}
