import type { Dispatcher } from "undici";
import type { ZodType } from "zod";
import type { ClerkSettings } from "../settings";
import { CLERK_API_VERSION, PACKAGE_NAME, PACKAGE_VERSION } from "../version";
import { readClerkErrors } from "./error-body";
import { ClerkApiError, ClerkRequestError, ClerkResponseError, type RequestDescription } from "./errors";
import { sharedPacer } from "./pacer";
import { isRetryable, parseRetryAfter, retryDelayMs, type AttemptOutcome } from "./retry-policy";

export interface ClerkCall<T> {
  method: "GET" | "POST";
  /** Below the API base, starting with `/`. Path segments must already be encoded. */
  path: string;
  query?: Record<string, string[]>;
  /** Sent as JSON; keys already snake_case as the Backend API expects. */
  body?: Record<string, unknown>;
  /** The contract's schema for the 2xx body. */
  schema: ZodType<T>;
}

/**
 * One keep-alive connection pool per provider process, on `globalThis` for the same
 * reason as the pacer: each serialized provider method has its own module copies.
 */
function sharedAgent(): Dispatcher {
  const undici = require("undici") as typeof import("undici");
  const store = globalThis as unknown as Record<symbol, Dispatcher | undefined>;
  return (store[Symbol.for("pulumi-clerk-sign-in-tokens.agent")] ??= new undici.Agent({ keepAliveTimeout: 10_000, connections: 32 }));
}

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
      const pending = this.attempt(call, description, AbortSignal.any([abort.signal, deadlineSignal]));
      let result = await withTimeout(pending, timeoutMs);
      if (result === undefined) {
        if (late) stragglers.push(pending);
        else abort.abort();
        result = { kind: "no-answer", reason: "timeout", detail: `no answer within ${timeoutMs} ms`, cause: undefined };
      }
      if (result.kind === "ok") {
        const value = this.validate(call, description, result);
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
        throw this.failure(result, description, attempt, remaining <= this.settings.requestTimeoutMs);
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
        value = this.validate(call, description, result);
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

  /** One HTTP exchange; never throws. */
  private async attempt<T>(call: ClerkCall<T>, description: RequestDescription, signal: AbortSignal): Promise<AttemptResult> {
    const undici = require("undici") as typeof import("undici");
    const url = new URL(this.settings.apiUrl + call.path);
    for (const [name, values] of Object.entries(call.query ?? {})) {
      for (const value of values) url.searchParams.append(name, value);
    }
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.settings.secretKey}`,
      "clerk-api-version": CLERK_API_VERSION,
      "user-agent": `${PACKAGE_NAME}/${PACKAGE_VERSION} (node ${process.version})`,
      accept: "application/json",
    };
    if (call.body) headers["content-type"] = "application/json";
    try {
      const response = await undici.request(url, {
        method: call.method,
        headers,
        body: call.body ? JSON.stringify(call.body) : undefined,
        dispatcher: sharedAgent(),
        signal,
      });
      const text = await response.body.text();
      const traceHeader = response.headers["x-clerk-trace-id"];
      let body: unknown = undefined;
      let isJson = false;
      try {
        body = text === "" ? undefined : JSON.parse(text);
        isJson = text !== "";
      } catch {
        // Not JSON: a proxy's HTML page or a truncated body; judged below by status.
      }
      const status = response.statusCode;
      const traceId =
        readClerkErrors(body).traceId ?? (typeof traceHeader === "string" ? traceHeader : undefined);
      if (status >= 200 && status < 300) return { kind: "ok", status, body, isJson, traceId };
      return {
        kind: "status",
        status,
        body,
        traceId,
        retryAfterSeconds: parseRetryAfter(response.headers["retry-after"]),
      };
    } catch (err) {
      if (signal.aborted) {
        return { kind: "no-answer", reason: "timeout", detail: "no answer before the deadline", cause: err };
      }
      const code = (err as { code?: unknown }).code;
      const reason = typeof code === "string" ? code : "network";
      return { kind: "no-answer", reason, detail: safeMessage(err, description), cause: err };
    }
  }

  private validate<T>(call: ClerkCall<T>, description: RequestDescription, result: OkResult): T {
    if (!result.isJson) {
      throw new ClerkResponseError({
        status: result.status,
        traceId: result.traceId,
        request: description,
        issues: ["the body is not JSON"],
      });
    }
    const parsed = call.schema.safeParse(result.body);
    if (parsed.success) return parsed.data;
    // Paths and messages only: the values may be tokens.
    const issues = parsed.error.issues.slice(0, 5).map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join(".") : "(body)";
      return `${where}: ${issue.message}`;
    });
    throw new ClerkResponseError({ status: result.status, traceId: result.traceId, request: description, issues });
  }

  private failure(
    result: StatusResult | NoAnswerResult,
    description: RequestDescription,
    attempts: number,
    deadlineBound: boolean,
  ): Error {
    if (result.kind === "status") {
      const { errors, traceId } = readClerkErrors(result.body);
      return new ClerkApiError({
        status: result.status,
        errors,
        traceId: traceId ?? result.traceId,
        request: description,
        retryAfterSeconds: result.retryAfterSeconds,
        attempts,
        hint: hintFor(result.status, errors),
      });
    }
    const reason = result.reason === "timeout" && deadlineBound ? "deadline" : result.reason;
    return new ClerkRequestError({ request: description, reason, attempts, detail: result.detail, cause: result.cause });
  }
}

interface OkResult {
  kind: "ok";
  status: number;
  body: unknown;
  isJson: boolean;
  traceId: string | undefined;
}
interface StatusResult {
  kind: "status";
  status: number;
  body: unknown;
  traceId: string | undefined;
  retryAfterSeconds: number | undefined;
}
interface NoAnswerResult {
  kind: "no-answer";
  reason: string;
  detail: string;
  cause: unknown;
}
type AttemptResult = OkResult | StatusResult | NoAnswerResult;

/** One attempt's failure in a few words: status and Clerk's code and trace id, or why no answer came. */
function describeOutcome(result: StatusResult | NoAnswerResult): string {
  if (result.kind === "no-answer") return `no answer (${result.reason})`;
  const { errors, traceId } = readClerkErrors(result.body);
  const code = errors[0] ? ` ${errors[0].code}` : "";
  return `HTTP ${result.status}${code} [clerk_trace_id: ${traceId ?? result.traceId ?? "none"}]`;
}

/** What the user can do about a final HTTP status. */
function hintFor(status: number, errors: ReadonlyArray<{ meta?: Record<string, unknown> }>): string | undefined {
  switch (status) {
    case 401:
    case 403:
      return "Check that clerk:secretKey / CLERK_SECRET_KEY is an active secret key of this Clerk instance";
    case 404:
      return "Check that the user (and orgId) exist in the Clerk instance of this key: development and production instances hold different users";
    case 422: {
      const params = errors.map((e) => e.meta?.param_name).filter((p): p is string => typeof p === "string");
      return `Clerk refused ${params.length > 0 ? params.join(", ") : "the request's parameters"}; check the resource's inputs`;
    }
    case 429:
      return "Clerk's rate limit was hit; lower clerk:requestsPer10Seconds or run fewer deployments against this instance at once";
    default:
      return status >= 500 ? "Clerk had a server error; run the command again later" : undefined;
  }
}

/** Network error text without anything from the request (undici messages hold none, but be sure). */
function safeMessage(err: unknown, description: RequestDescription): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/sk_(test|live)_\S+/g, "sk_***") || `${description.method} failed`;
}
