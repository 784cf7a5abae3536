import { tooManyRequests } from "../clerk/errors";
import { instanceKindOfKey, RATE_LIMITS } from "../clerk/facts";
import type { RateLimit } from "../types";
import { errorReply, type Reply } from "./reply";

/** Clerk limits each instance, and a secret key names one instance. */
export function defaultRateLimit(secretKey: string): RateLimit {
  const kind = instanceKindOfKey(secretKey);
  if (kind === undefined) throw new Error("defaultRateLimit: secretKey must start with sk_test_ or sk_live_");
  return { ...RATE_LIMITS[kind] };
}

export function rateLimitedReply(retryAfterSeconds: number): Reply {
  return errorReply(tooManyRequests(), { "retry-after": String(retryAfterSeconds) });
}

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A sliding-window log: a request is admitted when fewer than `requests`
 * requests were admitted in the last `windowSeconds`. Unlike a fixed window
 * it cannot let 2N requests through across a window boundary, so a client
 * that passes here stays within Clerk's limit however Clerk aligns its
 * windows. Refused requests are not logged: a client that backs off for
 * Retry-After seconds is then guaranteed to get through.
 */
export class RateLimiter {
  private admitted: number[] = [];

  constructor(private limit: RateLimit | false) {
    validate(limit);
  }

  /** A new limit starts from a clean log, so tests can tighten it mid-run without leftovers. */
  setLimit(limit: RateLimit | false): void {
    validate(limit);
    this.limit = limit;
    this.admitted = [];
  }

  admit(now: number): Admission {
    if (this.limit === false) return { allowed: true };
    const windowMs = this.limit.windowSeconds * 1000;
    while (this.admitted.length > 0 && (this.admitted[0] as number) <= now - windowMs) this.admitted.shift();
    if (this.admitted.length < this.limit.requests) {
      this.admitted.push(now);
      return { allowed: true };
    }
    // The slot frees when the oldest admission of the full window leaves it.
    const oldest = this.admitted[this.admitted.length - this.limit.requests] as number;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
  }
}

function validate(limit: RateLimit | false): void {
  if (limit === false) return;
  if (!Number.isInteger(limit.requests) || limit.requests < 1) throw new Error("rateLimit.requests must be an integer >= 1");
  if (!(limit.windowSeconds > 0)) throw new Error("rateLimit.windowSeconds must be > 0");
}
