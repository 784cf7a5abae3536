import type { Dispatcher } from "undici";
import type { ZodType } from "zod";
import { CLERK_API_VERSION } from "./api-version";
import { readClerkErrors } from "./clerk-error-body";
import type { ClerkErrorDetail } from "./errors";
import { redactSecretKeys } from "./secret-key";
import type { ClerkSettings } from "./settings";

/*
 * One HTTP exchange with the Backend API, over undici's keep-alive pool: what is asked (a
 * ClerkRequest) and what came back (an AttemptResult), with no retry and no judgement.
 */

export interface ClerkRequest<T> {
  method: "GET" | "POST";
  /** Below the API base, starting with `/`. Path segments must already be encoded. */
  path: string;
  query?: Record<string, string[]>;
  /** Sent as JSON; keys already snake_case as the Backend API expects. */
  body?: Record<string, unknown>;
  /** The contract's schema for the 2xx body. */
  schema: ZodType<T>;
}

/** An HTTP answer, whatever its status. An error body is read here, once. */
export interface Answer {
  kind: "answer";
  status: number;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  body: unknown;
  isJson: boolean;
  /** Clerk's trace id, from an error body or the `x-clerk-trace-id` header. */
  traceId: string | undefined;
  /** Clerk's `ClerkErrors` entries; empty for a 2xx answer or a body that is not Clerk's. */
  errors: ClerkErrorDetail[];
  /** `Retry-After`, in seconds, when the answer has one. */
  retryAfterSeconds: number | undefined;
}

/** No HTTP answer: refused, reset, timed out, or the server's TLS certificate refused. */
export interface NoAnswer {
  kind: "no-answer";
  /** `timeout`, or the socket error code (`ECONNRESET`, `CERT_HAS_EXPIRED`, …). */
  reason: string;
  detail: string;
  /** True when Node refused the server's TLS certificate: trying again cannot help. */
  certificateRefused: boolean;
  cause: unknown;
}

export type AttemptResult = Answer | NoAnswer;

/** A 2xx status: the body is the value asked for (to be checked against the contract). */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Node's codes for a TLS certificate it does not trust (see `tls` and X.509 errors). */
const CERTIFICATE_ERROR =
  /^(CERT_|ERR_TLS_CERT|UNABLE_TO_(GET|VERIFY|DECRYPT)|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|HOSTNAME_MISMATCH|INVALID_CA)/;

/**
 * One keep-alive connection pool per provider process, on `globalThis` so that every copy
 * of this module in the process (provider code stored by different versions) shares it.
 */
function sharedAgent(): Dispatcher {
  const undici = require("undici") as typeof import("undici");
  const store = globalThis as unknown as Record<symbol, Dispatcher | undefined>;
  return (store[Symbol.for("pulumi-clerk-sign-in-tokens.agent")] ??= new undici.Agent({ keepAliveTimeout: 10_000, connections: 32 }));
}

/** One HTTP exchange; never throws. */
export async function exchange<T>(
  settings: ClerkSettings,
  userAgent: string,
  request: ClerkRequest<T>,
  signal: AbortSignal,
): Promise<AttemptResult> {
  const undici = require("undici") as typeof import("undici");
  const url = new URL(settings.apiUrl + request.path);
  for (const [name, values] of Object.entries(request.query ?? {})) {
    for (const value of values) url.searchParams.append(name, value);
  }
  const headers: Record<string, string> = {
    authorization: `Bearer ${settings.secretKey}`,
    "clerk-api-version": CLERK_API_VERSION,
    "user-agent": userAgent,
    accept: "application/json",
  };
  if (request.body) headers["content-type"] = "application/json";
  try {
    const response = await undici.request(url, {
      method: request.method,
      headers,
      body: request.body ? JSON.stringify(request.body) : undefined,
      dispatcher: sharedAgent(),
      signal,
    });
    const text = await response.body.text();
    let body: unknown;
    let isJson = false;
    try {
      body = text === "" ? undefined : JSON.parse(text);
      isJson = text !== "";
    } catch {
      // Not JSON: a proxy's HTML page or a truncated body; judged by its status.
    }
    const status = response.statusCode;
    const clerk = isSuccessStatus(status) ? { errors: [] } : readClerkErrors(body);
    const traceHeader = response.headers["x-clerk-trace-id"];
    return {
      kind: "answer",
      status,
      body,
      isJson,
      traceId: clerk.traceId ?? (typeof traceHeader === "string" ? traceHeader : undefined),
      errors: clerk.errors,
      retryAfterSeconds: parseRetryAfter(response.headers["retry-after"]),
    };
  } catch (err) {
    if (signal.aborted) {
      return { kind: "no-answer", reason: "timeout", detail: "no answer before the deadline", certificateRefused: false, cause: err };
    }
    const code = (err as { code?: unknown }).code;
    return {
      kind: "no-answer",
      reason: typeof code === "string" ? code : "network",
      detail: safeMessage(err, request),
      certificateRefused: errorCodes(err).some((c) => CERTIFICATE_ERROR.test(c)),
      cause: err,
    };
  }
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

/** The codes of the error and of its causes: undici may wrap the socket's TLS error. */
function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err, depth = 0; typeof e === "object" && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
  }
  return codes;
}

/** Network error text without anything from the request (undici messages hold none, but be sure). */
function safeMessage(err: unknown, request: { method: string }): string {
  const message = err instanceof Error ? err.message : String(err);
  return redactSecretKeys(message) || `${request.method} failed`;
}
