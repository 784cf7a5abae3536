import { isRetryable, parseRetryAfter, retryDelayMs } from "./retry-policy";

describe("retry policy", () => {
  it.each([429, 500, 502, 503, 504])("retries HTTP %i", (status) => {
    expect(isRetryable({ kind: "status", status })).toBe(true);
  });
  it.each([400, 401, 403, 404, 422])("does not retry HTTP %i", (status) => {
    expect(isRetryable({ kind: "status", status })).toBe(false);
  });
  it("retries when no answer came", () => {
    expect(isRetryable({ kind: "no-answer", reason: "ECONNRESET" })).toBe(true);
  });

  it("waits what Retry-After says on 429, plus under 250 ms of jitter", () => {
    expect(retryDelayMs({ kind: "status", status: 429, retryAfterSeconds: 3 }, 1, () => 0)).toBe(3000);
    expect(retryDelayMs({ kind: "status", status: 429, retryAfterSeconds: 3 }, 1, () => 0.999)).toBe(3249);
  });

  it("backs off from 500 ms by ×1.5 with jitter, capped at 8 s", () => {
    const top = (attempt: number) => retryDelayMs({ kind: "status", status: 503 }, attempt, () => 1);
    const bottom = (attempt: number) => retryDelayMs({ kind: "status", status: 503 }, attempt, () => 0);
    expect([top(1), top(2), top(3)]).toEqual([500, 750, 1125]);
    expect(bottom(1)).toBe(250);
    expect(top(20)).toBe(8000);
  });

  it("reads Retry-After in seconds or as an HTTP date", () => {
    expect(parseRetryAfter("7")).toBe(7);
    expect(parseRetryAfter(["2"])).toBe(2);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5);
  });
});
