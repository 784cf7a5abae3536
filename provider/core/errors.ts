import { CLERK_CLIENT_ERROR_CODES, ClerkError } from "../clerk/errors";

/**
 * Every `code` the package's errors carry, the Clerk client's and the lifecycle's: a contract
 * with programs and pipelines that branch on it. Each error's text starts with its code.
 */
export const CLERK_ERROR_CODES = [...CLERK_CLIENT_ERROR_CODES, "CLERK_INPUT_INVALID", "CLERK_USER_LOOKUP_FAILED"] as const;
export type ClerkErrorCode = (typeof CLERK_ERROR_CODES)[number];

/**
 * An input the package cannot use: a `SignInTokens` users map that is an Output, an
 * unknown setting, a sign-in page that is not an absolute URL. Raised in the program
 * (where a program can catch it), or as the reason of a check failure in a preview.
 */
export class ClerkInputError extends ClerkError {
  declare readonly code: "CLERK_INPUT_INVALID";
  /** The input at fault, e.g. `users.admin` or `page`. */
  readonly property: string;
  constructor(property: string, message: string) {
    super("CLERK_INPUT_INVALID", message);
    this.name = "ClerkInputError";
    this.property = property;
  }
}

/** `userEmail` matched no Clerk user, or several. Nothing was minted. */
export class ClerkUserLookupError extends ClerkError {
  declare readonly code: "CLERK_USER_LOOKUP_FAILED";
  readonly email: string;
  /** The ids of the users holding the address (none, or more than one). */
  readonly userIds: string[];
  constructor(email: string, userIds: string[]) {
    super(
      "CLERK_USER_LOOKUP_FAILED",
      userIds.length === 0
        ? `userEmail: no Clerk user has the email address "${email}". Create the user first, or check the address and the Clerk instance (clerk:secretKey).`
        : `userEmail: ${userIds.length} Clerk users have the email address "${email}" (${userIds.join(", ")}); give userId instead.`,
    );
    this.name = "ClerkUserLookupError";
    this.email = email;
    this.userIds = userIds;
  }
}

/**
 * The package's error code an error carries, or that a text names: a provider's error
 * reaches a program (an Automation API `CommandError`, a CLI's output) only as text, and
 * that text starts with the code. Undefined when none is found.
 */
export function clerkErrorCode(errorOrText: unknown): ClerkErrorCode | undefined {
  const own = (errorOrText as { code?: unknown } | null)?.code;
  if (typeof own === "string" && (CLERK_ERROR_CODES as readonly string[]).includes(own)) return own as ClerkErrorCode;
  const text = typeof errorOrText === "string" ? errorOrText : errorOrText instanceof Error ? errorOrText.message : String(errorOrText);
  const found = new RegExp(`\\b(${CLERK_ERROR_CODES.join("|")})\\b`).exec(text);
  return found ? (found[1] as ClerkErrorCode) : undefined;
}
