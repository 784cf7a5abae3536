/**
 * The Clerk client's errors. Every error carries a stable `code` so callers (and the
 * client's own retry logic) branch on `err.code`, never on `instanceof`: code loaded twice
 * (Pulumi may serialize a provider's methods each with its own copy of the classes it
 * captures) makes two `ClerkApiError` classes meet in one process, and `instanceof` lies.
 *
 * Messages never contain the secret key, a token or a ticket URL.
 */

/** The `code` of every error the client raises: a contract with callers that branch on it. */
export const CLERK_CLIENT_ERROR_CODES = [
  "CLERK_CONFIG_INVALID",
  "CLERK_API_ERROR",
  "CLERK_RESPONSE_INVALID",
  "CLERK_REQUEST_FAILED",
] as const;

/**
 * The base of every error the client raises, and of those its callers raise beside it.
 * The message starts with the code (`CLERK_API_ERROR: Clerk API POST …`): an error that
 * crosses a process boundary (a Pulumi provider's, say) arrives as text only, and the code
 * must survive the trip.
 */
export class ClerkError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    const text = `${code}: ${message}`;
    super(text, options);
    // Pulumi's closure serializer turns classes into functions that call `Error` without
    // `new`, which sets neither message nor stack on `this`; set both ourselves.
    this.message = text;
    if (!this.stack) Error.captureStackTrace(this, ClerkError);
    this.name = "ClerkError";
    this.code = code;
  }
}

/** Settings (key, URL, timeouts, pacing) are missing or malformed. Nothing was sent. */
export class ClerkConfigError extends ClerkError {
  /** The setting at fault, as the user spells it: `clerk:secretKey` / `CLERK_SECRET_KEY`. */
  readonly setting: string;
  constructor(setting: string, message: string) {
    super("CLERK_CONFIG_INVALID", message);
    this.name = "ClerkConfigError";
    this.setting = setting;
  }
}

export interface ClerkErrorDetail {
  code: string;
  message: string;
  longMessage: string;
  meta?: Record<string, unknown>;
}

export interface RequestDescription {
  method: string;
  /** Path below the API base, e.g. `/sign_in_tokens/sit_123/revoke`. Holds ids, never secrets. */
  path: string;
}

/** Clerk answered with a non-2xx status and (usually) its `ClerkErrors` body. */
export class ClerkApiError extends ClerkError {
  readonly status: number;
  readonly errors: ClerkErrorDetail[];
  readonly traceId: string | undefined;
  readonly request: RequestDescription;
  /** Seconds Clerk asked us to wait (429 `Retry-After`), when it said so. */
  readonly retryAfterSeconds: number | undefined;
  readonly attempts: number;

  constructor(init: {
    status: number;
    errors: ClerkErrorDetail[];
    traceId: string | undefined;
    request: RequestDescription;
    retryAfterSeconds?: number;
    attempts?: number;
    hint?: string;
  }) {
    const first = init.errors[0];
    const what = first ? `${first.code}: ${first.longMessage || first.message}` : "no error body";
    const attempts = init.attempts ?? 1;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    super(
      "CLERK_API_ERROR",
      `Clerk API ${init.request.method} ${init.request.path} failed${tries} with HTTP ${init.status} (${what})` +
        ` [clerk_trace_id: ${init.traceId ?? "none"}]` +
        (init.hint ? `. ${init.hint}` : ""),
    );
    this.name = "ClerkApiError";
    this.status = init.status;
    this.errors = init.errors;
    this.traceId = init.traceId;
    this.request = init.request;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.attempts = attempts;
  }

  /** True when any of Clerk's error entries has this code. */
  hasCode(code: string): boolean {
    return this.errors.some((e) => e.code === code);
  }
}

/** Clerk answered 2xx, but the body breaks the API contract. */
export class ClerkResponseError extends ClerkError {
  readonly status: number;
  readonly traceId: string | undefined;
  readonly request: RequestDescription;
  /** Where the body broke the contract, e.g. `created_at: expected number`. No values. */
  readonly issues: string[];

  constructor(init: { status: number; traceId: string | undefined; request: RequestDescription; issues: string[] }) {
    super(
      "CLERK_RESPONSE_INVALID",
      `Clerk API ${init.request.method} ${init.request.path} answered HTTP ${init.status} with a body that breaks` +
        ` the Clerk API contract (${init.issues.join("; ")}) [clerk_trace_id: ${init.traceId ?? "none"}].` +
        ` Check that clerk:apiUrl / CLERK_API_URL points at Clerk's Backend API.`,
    );
    this.name = "ClerkResponseError";
    this.status = init.status;
    this.traceId = init.traceId;
    this.request = init.request;
    this.issues = init.issues;
  }
}

/** No HTTP answer: connection refused or reset, DNS failure, or a timeout. */
export class ClerkRequestError extends ClerkError {
  readonly request: RequestDescription;
  readonly attempts: number;
  /** `timeout`, `deadline` or the socket error code (`ECONNRESET`, `ECONNREFUSED`, …). */
  readonly reason: string;

  constructor(init: { request: RequestDescription; reason: string; attempts?: number; detail: string; cause?: unknown; hint?: string }) {
    const attempts = init.attempts ?? 1;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    super(
      "CLERK_REQUEST_FAILED",
      `Clerk API ${init.request.method} ${init.request.path} got no answer${tries} (${init.reason}: ${init.detail}).` +
        ` ${init.hint ?? "Check the network and clerk:apiUrl / CLERK_API_URL, then run the command again"}.`,
      { cause: init.cause },
    );
    this.name = "ClerkRequestError";
    this.request = init.request;
    this.attempts = attempts;
    this.reason = init.reason;
  }
}

/** Duck-typed check that survives Pulumi's per-method class copies. */
export function isClerkApiError(err: unknown): err is ClerkApiError {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "CLERK_API_ERROR";
}
