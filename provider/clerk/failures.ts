import { ClerkApiError, type ClerkErrorDetail, ClerkRequestError, type RequestDescription } from "./errors";
import { type ClerkSettings, DEFAULT_API_URL } from "./settings";
import type { Answer, AttemptResult, NoAnswer } from "./transport";

/*
 * What a failed attempt means to the user: the one-line notice printed before a retry, and
 * the typed error of a call that failed for good, saying what to do. Where the failure
 * points at a setting (the key, the URL), the caller's `settingAdvice` follows the hint:
 * the client knows what is wrong, its caller knows where the user set it.
 */

/** One attempt's failure in a few words: status, Clerk's code and trace id, or why no answer came. */
export function describeFailedAttempt(result: AttemptResult): string {
  if (result.kind === "no-answer") return `no answer (${result.reason})`;
  const code = result.errors[0] ? ` ${result.errors[0].code}` : "";
  return `HTTP ${result.status}${code} [clerk_trace_id: ${result.traceId ?? "none"}]`;
}

/**
 * The error for a call that failed for good. `deadlineBound`: the last attempt's time was
 * cut short by the call's deadline, so a timeout is the deadline's.
 */
export function finalError(
  result: AttemptResult,
  request: RequestDescription,
  attempts: number,
  deadlineBound: boolean,
  settings: ClerkSettings,
  settingAdvice?: string,
): Error {
  if (result.kind === "no-answer") return noAnswerError(result, request, attempts, deadlineBound, settings, settingAdvice);
  return new ClerkApiError({
    status: result.status,
    errors: result.errors,
    traceId: result.traceId,
    request,
    retryAfterSeconds: result.retryAfterSeconds,
    attempts,
    hint: hintFor(result, settings, settingAdvice),
  });
}

function noAnswerError(
  result: NoAnswer,
  request: RequestDescription,
  attempts: number,
  deadlineBound: boolean,
  settings: ClerkSettings,
  settingAdvice: string | undefined,
): ClerkRequestError {
  const apiUrl = settingName(settings, "apiUrl");
  const hint = result.certificateRefused
    ? `The TLS certificate of ${new URL(settings.apiUrl).host} was refused, so nothing was retried. Check ${apiUrl}` +
      ` (Clerk's is ${DEFAULT_API_URL}); behind a proxy that re-signs TLS, give Node its CA with NODE_EXTRA_CA_CERTS`
    : withAdvice(`Check the network and ${apiUrl}, then run the command again`, settingAdvice);
  const reason = result.reason === "timeout" && deadlineBound ? "deadline" : result.reason;
  return new ClerkRequestError({ request, reason, attempts, detail: result.detail, cause: result.cause, hint });
}

/** What the user can do about a final HTTP status. */
function hintFor(answer: Answer, settings: ClerkSettings, settingAdvice: string | undefined): string | undefined {
  switch (answer.status) {
    case 401:
    case 403:
      return withAdvice(
        `Check that the secret key (${settingName(settings, "secretKey")}) is an active secret key of this Clerk instance`,
        settingAdvice,
      );
    case 404:
      if (!new URL(settings.apiUrl).pathname.endsWith("/v1")) {
        return withAdvice(
          `${settingName(settings, "apiUrl")} does not end in /v1: Clerk's Backend API base does (e.g. ${DEFAULT_API_URL})`,
          settingAdvice,
        );
      }
      return hasCode(answer.errors, "resource_not_found")
        ? "Check that the user (and orgId) exist in the Clerk instance of this key: development and production instances hold different users"
        : withAdvice(
            `The answer is not Clerk's: check ${settingName(settings, "apiUrl")}, the Backend API base (e.g. ${DEFAULT_API_URL})`,
            settingAdvice,
          );
    case 422: {
      const params = answer.errors.map((e) => e.meta?.param_name).filter((p): p is string => typeof p === "string");
      return `Clerk refused ${params.length > 0 ? params.join(", ") : "the request's parameters"}; check the resource's inputs`;
    }
    case 429:
      return "Clerk's rate limit was hit; lower clerk:requestsPer10Seconds or run fewer deployments against this instance at once";
    default:
      return answer.status >= 500 ? "Clerk had a server error; run the command again later" : undefined;
  }
}

function withAdvice(hint: string, settingAdvice: string | undefined): string {
  return settingAdvice === undefined ? hint : `${hint}. ${settingAdvice}`;
}

function hasCode(errors: readonly ClerkErrorDetail[], code: string): boolean {
  return errors.some((e) => e.code === code);
}

/** The setting as the user names it (see ClerkSettings.from), else its field name. */
function settingName(settings: ClerkSettings, which: "secretKey" | "apiUrl"): string {
  return settings.from?.[which] ?? which;
}
