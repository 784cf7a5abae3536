import type { ClerkSettings } from "../settings";
import { describeOutcome, failureFor, validateAnswer } from "./answers";
import type { RequestDescription } from "./errors";
import { sharedPacer } from "./pacer";
import { isRetryable, retryDelayMs, type AttemptOutcome } from "./retry-policy";
import { sendOnce, type AttemptResult, type ClerkCall } from "./transport";

export type { ClerkCall } from "./transport";

function keyFingerprint(secretKey: string): string {
  const crypto = require("node:crypto") as typeof import("node:crypto");
  return crypto.createHash("sha256").update(secretKey).digest("hex").slice(0, 16);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The promise's value, or undefined if `ms` pass first (the promise keeps running). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The single request layer under every endpoint: authentication, versioning, pacing,
 * per-attempt timeouts, retries within a deadline, and contract checks on every answer.
 */
export class ClerkClient {
  /**
   * @param notice where retry notices go. The provider keeps the default: a dynamic
   *   provider's console output shows in `pulumi up`, so a slow run says why it is slow.
   *   Notices name method, path, status, Clerk's code and trace id; never a secret.
   */
  constructor(
    private readonly settings: ClerkSettings,
    private readonly random: () => number = Math.random,
    private readonly notice: (message: string) => void = (message) => console.log(message),
  ) {}

  /**
   * Sends `call`, retrying what is safe to retry, until it succeeds, fails for good, or
   * the deadline passes.
   *
   * With `late`, an attempt that times out is not abandoned but left running while the
   * next attempt goes out: Clerk may still be creating the ticket, and only its answer can
   * tell us the id. Whichever answer comes first is used; every other success is handed to
   * `late.extra` (to be revoked) before `call` returns, so a slow Clerk does not leave
   * tickets nobody tracks.
   */
  async call<T>(call: ClerkCall<T>, late?: { extra: (value: T) => Promise<void> }): Promise<T> {
    const description: RequestDescription = { method: call.method, path: call.path };
    const pacer = sharedPacer(keyFingerprint(this.settings.secretKey), this.settings.requestsPer10Seconds, 10_000);
    const deadline = Date.now() + this.settings.deadlineMs;
    const deadlineSignal = AbortSignal.timeout(this.settings.deadlineMs);
    const stragglers: Array<Promise<AttemptResult>> = [];

    for (let attempt = 1; ; attempt++) {
      await pacer.acquire();
      const remaining = deadline - Date.now();
      const timeoutMs = Math.min(this.settings.requestTimeoutMs, Math.max(1, remaining));
      const abort = new AbortController();
      const pending = sendOnce(this.settings, call, description, AbortSignal.any([abort.signal, deadlineSignal]));
      let result = await withTimeout(pending, timeoutMs);
      if (result === undefined) {
        if (late) stragglers.push(pending);
        else abort.abort();
        result = { kind: "no-answer", reason: "timeout", detail: `no answer within ${timeoutMs} ms`, cause: undefined };
      }
      if (result.kind === "ok") {
        const value = validateAnswer(call, description, result);
        if (late) await this.settleStragglers(stragglers, call, description, late.extra);
        return value;
      }

      const outcome: AttemptOutcome =
        result.kind === "status"
          ? { kind: "status", status: result.status, retryAfterSeconds: result.retryAfterSeconds }
          : { kind: "no-answer", reason: result.reason };
      const delay = retryDelayMs(outcome, attempt, this.random);
      if (outcome.kind === "status" && outcome.status === 429) pacer.pause(delay);
      const canRetry =
        isRetryable(outcome) && attempt < this.settings.maxAttempts && Date.now() + delay < deadline;
      if (!canRetry) {
        // A straggler may still bring the answer this call exists for.
        if (late && stragglers.length > 0) {
          const adopted = await this.settleStragglers(stragglers, call, description, late.extra, true);
          if (adopted !== undefined) return adopted;
        }
        throw failureFor(result, description, attempt, remaining <= this.settings.requestTimeoutMs);
      }
      this.notice(
        `Clerk API ${description.method} ${description.path}: ${describeOutcome(result)}; ` +
          `retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${this.settings.maxAttempts})` +
          (late && stragglers.length > 0 ? ", still listening for the earlier attempt's answer" : ""),
      );
      await sleep(delay);
    }
  }

  /**
   * Waits (until the deadline aborts them) for attempts that timed out. With `adopt`, the
   * first success is returned as the answer; every other success goes to `extra`.
   */
  private async settleStragglers<T>(
    stragglers: Array<Promise<AttemptResult>>,
    call: ClerkCall<T>,
    description: RequestDescription,
    extra: (value: T) => Promise<void>,
    adopt = false,
  ): Promise<T | undefined> {
    let adopted: T | undefined;
    for (const result of await Promise.all(stragglers)) {
      if (result.kind !== "ok") continue;
      let value: T;
      try {
        value = validateAnswer(call, description, result);
      } catch {
        continue;
      }
      if (adopt && adopted === undefined) {
        adopted = value;
        this.notice(`Clerk API ${description.method} ${description.path}: a timed-out attempt answered late; using its result`);
      } else {
        this.notice(`Clerk API ${description.method} ${description.path}: a timed-out attempt answered late with a duplicate; undoing it`);
        await extra(value).catch(() => undefined);
      }
    }
    return adopted;
  }
}
