/**
 * When an API call is tried again, and after how long.
 *
 * Clerk's own SDKs back off from 500 ms by ×1.5; we do the same, capped, with full jitter
 * so that the many operations of one deployment do not retry in lock-step. A 429 waits
 * what `Retry-After` says, plus a little jitter for the same reason.
 */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_FACTOR = 1.5;
export const BACKOFF_CAP_MS = 8_000;

/** What one attempt ended with, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: "status"; status: number; retryAfterSeconds?: number }
  | { kind: "no-answer"; reason: string };

/**
 * Statuses where Clerk (or the proxy before it) did not complete the request. An array,
 * not a Set: module-level values are serialized into the state, and a Set is not.
 */
const TRANSIENT_STATUSES = [429, 500, 502, 503, 504];

export function isRetryable(outcome: AttemptOutcome): boolean {
  if (outcome.kind === "no-answer") return true;
  return TRANSIENT_STATUSES.includes(outcome.status);
}

/** Delay before attempt `attempt + 1` (attempt counts from 1). */
export function retryDelayMs(outcome: AttemptOutcome, attempt: number, random: () => number = Math.random): number {
  if (outcome.kind === "status" && outcome.status === 429) {
    const seconds = outcome.retryAfterSeconds ?? 1;
    return seconds * 1000 + Math.floor(random() * 250);
  }
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * BACKOFF_FACTOR ** (attempt - 1));
  // Half fixed, half jitter: never retry instantly, never all at once.
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/** Parses `Retry-After` (seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
