import { type ClerkErrorSpec, formParamMissing, formParamValueInvalid, malformedRequest } from "../clerk/errors";
import { DEFAULT_EXPIRES_IN_SECONDS } from "../clerk/facts";

export interface CreateSignInTokenParams {
  userId: string;
  orgId: string | null;
  expiresInSeconds: number;
}

export type ParamsResult = { ok: true; params: CreateSignInTokenParams } | { ok: false; errors: [ClerkErrorSpec, ...ClerkErrorSpec[]] };

/**
 * Validates the JSON body of POST /sign_in_tokens against the contract's
 * request schema: user_id a required non-empty string, org_id a nullable
 * string, expires_in_seconds a nullable integer >= 1. Strictly JSON types:
 * "3600" is a string, not an integer, and 1.5 is not an integer either.
 * Unknown properties are ignored, as the contract does not forbid them.
 */
export function parseCreateParams(rawBody: string): ParamsResult {
  const body = parseJsonObject(rawBody);
  if (body === undefined) return { ok: false, errors: [malformedRequest()] };

  const errors: ClerkErrorSpec[] = [];
  const { user_id: userId, org_id: orgId, expires_in_seconds: expires } = body;

  if (userId === undefined || userId === null || userId === "") errors.push(formParamMissing("user_id"));
  else if (typeof userId !== "string") errors.push(formParamValueInvalid("user_id", "user_id must be a string."));

  if (orgId !== undefined && orgId !== null && typeof orgId !== "string") {
    errors.push(formParamValueInvalid("org_id", "org_id must be a string."));
  }

  const expiresIsValid = expires === undefined || expires === null || (Number.isSafeInteger(expires) && (expires as number) >= 1);
  if (!expiresIsValid) {
    errors.push(formParamValueInvalid("expires_in_seconds", "expires_in_seconds must be an integer greater than or equal to 1."));
  }

  const [first, ...rest] = errors;
  if (first !== undefined) return { ok: false, errors: [first, ...rest] };
  return {
    ok: true,
    params: {
      userId: userId as string,
      orgId: typeof orgId === "string" ? orgId : null,
      expiresInSeconds: typeof expires === "number" ? expires : DEFAULT_EXPIRES_IN_SECONDS,
    },
  };
}

/** An empty body means "no parameters"; anything else must be a JSON object. */
function parseJsonObject(rawBody: string): Record<string, unknown> | undefined {
  if (rawBody.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
