/**
 * Clerk's error catalogue, as far as the emulated routes need it. Codes,
 * statuses and messages follow Clerk's published Backend API error index
 * (clerk.com/docs/guides/development/errors/backend-api); where Clerk
 * documents nothing for a case, the comment says the choice is ours.
 */

export interface ClerkErrorSpec {
  status: number;
  code: string;
  message: string;
  longMessage: string;
  meta?: Record<string, unknown>;
}

/** The contract's ClerkErrors schema: one or more ClerkError plus a trace id. */
export interface ClerkErrorsBody {
  errors: Array<{ message: string; long_message: string; code: string; meta?: Record<string, unknown> }>;
  clerk_trace_id: string;
}

/** Clerk reports every invalid form parameter at once, hence a list; the first error sets the status. */
export function clerkErrorsBody(specs: readonly ClerkErrorSpec[], clerkTraceId: string): ClerkErrorsBody {
  const errors = specs.map((spec) => {
    const error = { message: spec.message, long_message: spec.longMessage, code: spec.code };
    return spec.meta === undefined ? error : { ...error, meta: spec.meta };
  });
  return { errors, clerk_trace_id: clerkTraceId };
}

export function authenticationInvalid(): ClerkErrorSpec {
  return {
    status: 401,
    code: "authentication_invalid",
    message: "Invalid authentication",
    longMessage: "Unable to authenticate the request, you need to supply an active API key",
  };
}

export function resourceNotFound(longMessage = "Resource not found"): ClerkErrorSpec {
  return { status: 404, code: "resource_not_found", message: "not found", longMessage };
}

export function userNotFound(userId: string): ClerkErrorSpec {
  return resourceNotFound(`No user was found with id ${userId}`);
}

/**
 * Clerk's index has no entry for a wrong method, so the code is ours; the
 * status and the ClerkErrors shape are what an HTTP client can rely on.
 */
export function methodNotAllowed(method: string, allowed: readonly string[]): ClerkErrorSpec {
  return {
    status: 405,
    code: "method_not_allowed",
    message: "method not allowed",
    longMessage: `${method} is not allowed on this resource; allowed: ${allowed.join(", ")}`,
  };
}

/** Clerk's MalformedRequestParameters: the body could not be parsed at all. */
export function malformedRequest(): ClerkErrorSpec {
  return {
    status: 400,
    code: "malformed_request_parameters",
    message: "Malformed request parameters",
    longMessage: "The request parameters are malformed and could not be parsed",
  };
}

export function formParamMissing(paramName: string): ClerkErrorSpec {
  return {
    status: 422,
    code: "form_param_missing",
    message: "is missing",
    longMessage: `${paramName} must be included.`,
    meta: { param_name: paramName },
  };
}

export function formParamValueInvalid(paramName: string, longMessage: string): ClerkErrorSpec {
  return {
    status: 422,
    code: "form_param_value_invalid",
    message: "is invalid",
    longMessage,
    meta: { param_name: paramName },
  };
}

export function signInTokenCannotBeRevoked(status: string): ClerkErrorSpec {
  return {
    status: 400,
    code: "sign_in_token_cannot_be_revoked_code",
    message: "cannot revoke",
    longMessage: `Sign in token cannot be revoked because its status is ${status}. Only pending tokens can be revoked.`,
  };
}

export function tooManyRequests(): ClerkErrorSpec {
  return {
    status: 429,
    code: "too_many_requests",
    message: "Too many requests",
    longMessage: "Too many requests, please try again later.",
  };
}

export function internalClerkError(): ClerkErrorSpec {
  return {
    status: 500,
    code: "internal_clerk_error",
    message: "Oops, an unexpected error occurred",
    longMessage: "There was an internal error on our servers. We've been notified and are working on fixing it.",
  };
}

/** Clerk's documented 503 (SystemUnderMaintenance). */
export function maintenanceMode(): ClerkErrorSpec {
  return {
    status: 503,
    code: "maintenance_mode",
    message: "System under maintenance",
    longMessage: "We are currently undergoing maintenance and only essential operations are permitted. We will be back shortly.",
  };
}

// Ticket errors belong to Clerk's Frontend API, which the accept route stands in for.

export function ticketInvalid(): ClerkErrorSpec {
  return { status: 400, code: "ticket_invalid_code", message: "is invalid", longMessage: "The ticket is invalid." };
}

export function ticketExpired(): ClerkErrorSpec {
  return { status: 400, code: "ticket_expired_code", message: "is expired", longMessage: "The ticket has expired." };
}

export function signInTokenRevoked(): ClerkErrorSpec {
  return {
    status: 400,
    code: "sign_in_token_revoked_code",
    message: "is revoked",
    longMessage: "This sign in token has been revoked and cannot be used anymore.",
  };
}

export function signInTokenAlreadyUsed(): ClerkErrorSpec {
  return {
    status: 400,
    code: "sign_in_token_already_used_code",
    message: "is already used",
    longMessage: "This sign in token has already been used. Each token can only be used once.",
  };
}
