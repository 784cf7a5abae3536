import { readClerkErrors } from "./error-body";
import { ClerkApiError, ClerkRequestError, ClerkResponseError, type RequestDescription } from "./errors";
import type { ClerkCall, NoAnswerResult, OkResult, StatusResult } from "./transport";

/*
 * What an attempt's result means for the caller: a value checked against the contract, a
 * typed error that says what to do, or a one-line notice for a retry.
 */

/** The 2xx body checked against the call's schema, or a ClerkResponseError naming where it breaks. */
export function validateAnswer<T>(call: ClerkCall<T>, description: RequestDescription, result: OkResult): T {
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

/** The error for a call that failed for good. */
export function failureFor(
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

/** One attempt's failure in a few words: status and Clerk's code and trace id, or why no answer came. */
export function describeOutcome(result: StatusResult | NoAnswerResult): string {
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

