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
