import { type ClerkErrorSpec, clerkErrorsBody } from "../clerk/errors";

/**
 * What a route decided to answer, before anything is written. Keeping the
 * decision apart from the writing lets faults such as "reset-after" and
 * "slow" act on a fully processed request without the handlers knowing.
 */
export type Reply =
  | { kind: "json"; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: "error"; errors: [ClerkErrorSpec, ...ClerkErrorSpec[]]; headers?: Record<string, string> }
  | { kind: "text"; status: number; contentType: string; body: string; headers?: Record<string, string> };

export interface RenderedReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonReply(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers === undefined ? { kind: "json", status, body } : { kind: "json", status, body, headers };
}

export function errorReply(error: ClerkErrorSpec, headers?: Record<string, string>): Reply {
  return headers === undefined ? { kind: "error", errors: [error] } : { kind: "error", errors: [error], headers };
}

/** Several errors in one answer, as Clerk does for form validation; they share the first one's status. */
export function errorsReply(errors: [ClerkErrorSpec, ...ClerkErrorSpec[]]): Reply {
  return { kind: "error", errors };
}

export function replyStatus(reply: Reply): number {
  return reply.kind === "error" ? reply.errors[0].status : reply.status;
}

/** The trace id goes both into the error body and into the x-clerk-trace-id header, so they match. */
export function renderReply(reply: Reply, clerkTraceId: string): RenderedReply {
  const traceHeader = { "x-clerk-trace-id": clerkTraceId };
  switch (reply.kind) {
    case "json":
      return {
        status: reply.status,
        headers: { ...reply.headers, ...traceHeader, "content-type": "application/json" },
        body: JSON.stringify(reply.body),
      };
    case "error":
      return {
        status: reply.errors[0].status,
        headers: { ...reply.headers, ...traceHeader, "content-type": "application/json" },
        body: JSON.stringify(clerkErrorsBody(reply.errors, clerkTraceId)),
      };
    case "text":
      return { status: reply.status, headers: { ...reply.headers, ...traceHeader, "content-type": reply.contentType }, body: reply.body };
  }
}
