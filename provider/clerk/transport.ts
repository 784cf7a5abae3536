import type { Dispatcher } from "undici";
import type { ZodType } from "zod";
import type { ClerkSettings } from "../settings";
import { CLERK_API_VERSION, PACKAGE_NAME, PACKAGE_VERSION } from "../version";
import { readClerkErrors } from "./error-body";
import type { RequestDescription } from "./errors";
import { parseRetryAfter } from "./retry-policy";

/*
 * One HTTP exchange with the Backend API, over undici's keep-alive pool: what was asked
 * (a ClerkCall) and what came back (an AttemptResult), with no retry and no judgement.
 */

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

export interface OkResult {
  kind: "ok";
  status: number;
  body: unknown;
  isJson: boolean;
  traceId: string | undefined;
}
export interface StatusResult {
  kind: "status";
  status: number;
  body: unknown;
  traceId: string | undefined;
  retryAfterSeconds: number | undefined;
}
export interface NoAnswerResult {
  kind: "no-answer";
  reason: string;
  detail: string;
  cause: unknown;
}
export type AttemptResult = OkResult | StatusResult | NoAnswerResult;

/**
 * One keep-alive connection pool per provider process, on `globalThis` for the same
 * reason as the pacer: each serialized provider method has its own module copies.
 */
function sharedAgent(): Dispatcher {
  const undici = require("undici") as typeof import("undici");
  const store = globalThis as unknown as Record<symbol, Dispatcher | undefined>;
  return (store[Symbol.for("pulumi-clerk-sign-in-tokens.agent")] ??= new undici.Agent({ keepAliveTimeout: 10_000, connections: 32 }));
}

/** One HTTP exchange; never throws. */
export async function sendOnce<T>(
  settings: ClerkSettings,
  call: ClerkCall<T>,
  description: RequestDescription,
  signal: AbortSignal,
): Promise<AttemptResult> {
  const undici = require("undici") as typeof import("undici");
  const url = new URL(settings.apiUrl + call.path);
  for (const [name, values] of Object.entries(call.query ?? {})) {
    for (const value of values) url.searchParams.append(name, value);
  }
  const headers: Record<string, string> = {
    authorization: `Bearer ${settings.secretKey}`,
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

/** Network error text without anything from the request (undici messages hold none, but be sure). */
function safeMessage(err: unknown, description: RequestDescription): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/sk_(test|live)_\S+/g, "sk_***") || `${description.method} failed`;
}
