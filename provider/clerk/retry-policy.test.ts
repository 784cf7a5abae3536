import { isRetryable, MAX_AMBIGUOUS_CREATE_ATTEMPTS, mayRetry, neverReachedClerk, retryDelayMs } from "./retry-policy";
import type { Answer, NoAnswer } from "./transport";

const answer = (status: number, retryAfterSeconds?: number): Answer => ({
  kind: "answer",
  status,
  body: undefined,
  isJson: false,
  traceId: undefined,
  errors: [],
  retryAfterSeconds,
});
const noAnswer = (reason: string, certificateRefused = false): NoAnswer => ({
  kind: "no-answer",
  reason,
  detail: "",
  certificateRefused,
  cause: undefined,
});

describe("retry policy", () => {
  it.each([429, 500, 502, 503, 504])("retries HTTP %i", (status) => {
    expect(isRetryable(answer(status))).toBe(true);
  });
  it.each([400, 401, 403, 404, 422])("does not retry HTTP %i", (status) => {
    expect(isRetryable(answer(status))).toBe(false);
  });
  it("retries when no answer came", () => {
    expect(isRetryable(noAnswer("ECONNRESET"))).toBe(true);
  });
  it("does not retry a refused TLS certificate: it would be refused again", () => {
    expect(isRetryable(noAnswer("DEPTH_ZERO_SELF_SIGNED_CERT", true))).toBe(false);
  });

  it("waits what Retry-After says on 429, plus under 250 ms of jitter", () => {
    expect(retryDelayMs(answer(429, 3), 1, () => 0)).toBe(3000);
    expect(retryDelayMs(answer(429, 3), 1, () => 0.999)).toBe(3249);
  });

  it("backs off from 500 ms by ×1.5 with jitter, capped at 8 s", () => {
    const top = (attempt: number) => retryDelayMs(answer(503), attempt, () => 1);
    const bottom = (attempt: number) => retryDelayMs(answer(503), attempt, () => 0);
    expect([top(1), top(2), top(3)]).toEqual([500, 750, 1125]);
    expect(bottom(1)).toBe(250);
    expect(top(20)).toBe(8000);
  });
});

describe("how long a call is retried", () => {
  const base = { maxAttempts: Number.POSITIVE_INFINITY, ambiguousCreateAttempts: 0, retryAt: 1_000, deadline: 120_000 };

  it("by default only the deadline ends the retries: no attempt count binds (a 60 s outage is ridden out)", () => {
    expect(mayRetry({ ...base, result: answer(503), attempt: 40 })).toBe(true);
    expect(mayRetry({ ...base, result: noAnswer("ECONNRESET"), attempt: 40 })).toBe(true);
    expect(mayRetry({ ...base, result: answer(503), attempt: 40, retryAt: 120_000 })).toBe(false);
  });

  it("a cap on attempts, when set, ends them too", () => {
    expect(mayRetry({ ...base, result: answer(503), attempt: 2, maxAttempts: 3 })).toBe(true);
    expect(mayRetry({ ...base, result: answer(503), attempt: 3, maxAttempts: 3 })).toBe(false);
  });

  it("a create retries answers that prove nothing was minted until the deadline, others at most 8 times, as before", () => {
    expect([429, 503].map((s) => neverReachedClerk(answer(s)))).toEqual([true, true]);
    expect(neverReachedClerk(noAnswer("ECONNREFUSED"))).toBe(true);
    expect([500, 502, 504].map((s) => neverReachedClerk(answer(s)))).toEqual([false, false, false]);
    expect(["ECONNRESET", "timeout"].map((r) => neverReachedClerk(noAnswer(r)))).toEqual([false, false]);
    const ambiguous = MAX_AMBIGUOUS_CREATE_ATTEMPTS;
    expect(mayRetry({ ...base, result: answer(500), attempt: 7, ambiguousCreateAttempts: ambiguous - 1 })).toBe(true);
    expect(mayRetry({ ...base, result: answer(500), attempt: 8, ambiguousCreateAttempts: ambiguous })).toBe(false);
    expect(ambiguous).toBe(8);
  });
});
