import { checkAnswer } from "./contract-check";
import type { RequestDescription } from "./errors";
import { describeFailedAttempt, finalError } from "./failures";
import { type Pacer, sharedPacer } from "./pacer";
import { mayRetry, neverReachedClerk, retryDelayMs } from "./retry-policy";
import type { ClerkSettings } from "./settings";
import { sleep } from "./sleep";
import { type AttemptResult, type ClerkRequest, exchange, isSuccessStatus } from "./transport";

/**
 * The pacer's window: Clerk's 10 s, and a second more. Clerk counts requests when they
 * arrive, the pacer when they leave; the second keeps network jitter from putting one
 * request too many in Clerk's window. A margin in time rather than in count keeps the
 * first burst at Clerk's full limit: 300 tickets on a development instance need about
 * 22 s instead of 30 s with 90 per 10 s (bench P3). Other clients of the instance are
 * met by the pause on 429.
 */
const PACING_WINDOW_MS = 11_000;

/** For a request that is not idempotent (a create): what to do with a duplicate success. */
export interface Hedge<T> {
  /** Undoes a success that came after another attempt's (revokes the extra ticket). */
  revokeDuplicate: (duplicate: T) => Promise<void>;
}

/** How a client behaves beyond its settings; every field has a default. */
export interface ClerkClientOptions {
  /** Jitter source, 0 ≤ n < 1. Default Math.random; tests pass () => 0 for repeatable back-off. */
  random?: () => number;
  /**
   * Where retry notices go (one line per retry: method, path, status, Clerk's code and trace
   * id, the delay; never a secret). Default: nowhere.
   */
  notice?: (message: string) => void;
  /** Said after every final error that points at a setting (the key, the URL): where the user sets it. */
  settingAdvice?: string;
  /** The User-Agent, `product/version`; `(node <version>)` is added. */
  userAgent?: string;
}

/**
 * The single request layer under every endpoint: a request goes through pacing, one
 * exchange (transport.ts), the retry policy (retry-policy.ts) reading that exchange's
 * result, and comes back as the checked answer (contract-check.ts) or a typed error
 * (failures.ts). Retries stay within a per-call deadline and number of attempts.
 */
export class ClerkClient {
  private readonly pacer: Pacer;
  private readonly random: () => number;
  private readonly notice: (message: string) => void;
  private readonly settingAdvice: string | undefined;
  private readonly userAgent: string;

  constructor(
    private readonly settings: ClerkSettings,
    options: ClerkClientOptions = {},
  ) {
    this.pacer = sharedPacer(keyFingerprint(settings.secretKey), settings.requestsPer10Seconds, PACING_WINDOW_MS);
    this.random = options.random ?? Math.random;
    this.notice = options.notice ?? (() => undefined);
    this.settingAdvice = options.settingAdvice;
    this.userAgent = `${options.userAgent ?? "clerk-backend-client"} (node ${process.version})`;
  }

  /**
   * Sends `request`, retrying what is safe to retry, until it succeeds, fails for good, or
   * the deadline passes.
   *
   * With `hedge`, an attempt that times out is not abandoned but left running while the
   * next attempt goes out: Clerk may still be creating the ticket, and only its answer can
   * tell us the id. Whichever answer comes first is used; every other success is handed to
   * `hedge.revokeDuplicate` before `call` returns, so a slow Clerk leaves no ticket that
   * nobody tracks.
   */
  async call<T>(request: ClerkRequest<T>, hedge?: Hedge<T>): Promise<T> {
    const description: RequestDescription = { method: request.method, path: request.path };
    const deadline = Date.now() + this.settings.deadlineMs;
    const deadlineSignal = AbortSignal.timeout(this.settings.deadlineMs);
    const stragglers: Array<Promise<AttemptResult>> = [];
    let ambiguous = 0;

    for (let attempt = 1; ; attempt++) {
      await this.pacer.acquire();
      const remaining = deadline - Date.now();
      const timeoutMs = Math.min(this.settings.requestTimeoutMs, Math.max(1, remaining));
      const abort = new AbortController();
      const pending = exchange(this.settings, this.userAgent, request, AbortSignal.any([abort.signal, deadlineSignal]));
      let result = await withTimeout(pending, timeoutMs);
      if (result === undefined) {
        if (hedge) stragglers.push(pending);
        else abort.abort();
        result = {
          kind: "no-answer",
          reason: "timeout",
          detail: `no answer within ${timeoutMs} ms`,
          certificateRefused: false,
          cause: undefined,
        };
      }
      if (result.kind === "answer" && isSuccessStatus(result.status)) {
        const value = checkAnswer(request, result);
        if (hedge) await this.settleStragglers(stragglers, request, hedge);
        return value;
      }

      const delay = retryDelayMs(result, attempt, this.random);
      // Clerk said the instance's budget is spent: our own count was optimistic (other
      // clients share it), so every request of this process for the key waits too.
      if (result.kind === "answer" && result.status === 429) this.pacer.pause(delay);
      if (hedge && !neverReachedClerk(result)) ambiguous++;
      const canRetry = mayRetry({
        result,
        attempt,
        maxAttempts: this.settings.maxAttempts,
        ambiguousCreateAttempts: ambiguous,
        retryAt: Date.now() + delay,
        deadline,
      });
      if (!canRetry) {
        // A straggler may still bring the answer this call exists for.
        if (hedge && stragglers.length > 0) {
          const adopted = await this.settleStragglers(stragglers, request, hedge, true);
          if (adopted !== undefined) return adopted;
        }
        throw finalError(result, description, attempt, remaining <= this.settings.requestTimeoutMs, this.settings, this.settingAdvice);
      }
      this.notice(
        `Clerk API ${description.method} ${description.path}: ${describeFailedAttempt(result)}; ` +
          `retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1}${this.attemptsLeft(deadline - delay)})` +
          (hedge && stragglers.length > 0 ? ", still listening for the earlier attempt's answer" : ""),
      );
      await sleep(delay);
    }
  }

  /** What bounds the retries, for the notice: the cap on attempts, or the time to the deadline. */
  private attemptsLeft(deadlineAfterDelay: number): string {
    if (Number.isFinite(this.settings.maxAttempts)) return ` of ${this.settings.maxAttempts}`;
    return `; giving up ${Math.max(0, Math.round((deadlineAfterDelay - Date.now()) / 1000))} s after it`;
  }

  /**
   * Waits (until the deadline aborts them) for attempts that timed out. With `adopt`, the
   * first success is returned as the answer; every other success is revoked.
   */
  private async settleStragglers<T>(
    stragglers: Array<Promise<AttemptResult>>,
    request: ClerkRequest<T>,
    hedge: Hedge<T>,
    adopt = false,
  ): Promise<T | undefined> {
    const where = `Clerk API ${request.method} ${request.path}`;
    let adopted: T | undefined;
    for (const result of await Promise.all(stragglers)) {
      if (result.kind !== "answer" || !isSuccessStatus(result.status)) continue;
      let value: T;
      try {
        value = checkAnswer(request, result);
      } catch {
        continue;
      }
      if (adopt && adopted === undefined) {
        adopted = value;
        this.notice(`${where}: a timed-out attempt answered late; using its result`);
      } else {
        this.notice(`${where}: a timed-out attempt answered late with a duplicate; undoing it`);
        await hedge.revokeDuplicate(value).catch(() => undefined);
      }
    }
    return adopted;
  }
}

/** Tells keys apart without holding them: the pacers of a process are kept per key. */
function keyFingerprint(secretKey: string): string {
  const crypto = require("node:crypto") as typeof import("node:crypto");
  return crypto.createHash("sha256").update(secretKey).digest("hex").slice(0, 16);
}

/** The promise's value, or undefined if `ms` pass first (the promise keeps running). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
