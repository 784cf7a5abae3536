// What a program can use. Errors raised by the provider (at Clerk, during `pulumi up`) reach
// a program only as text through the engine: `clerkErrorCode` finds their code in it. The
// one error a program can catch is `ClerkInputError`, raised while the program runs.

export type { SignInTokensArgs, SignInTokensDefaults, SignInTokensUser } from "./core/cast";
export { CLERK_ERROR_CODES, type ClerkErrorCode, ClerkInputError, clerkErrorCode } from "./core/errors";
export type { SignInTokenArgs } from "./core/inputs";
export { SignInToken } from "./dynamic/sign-in-token";
export { SignInTokens } from "./dynamic/sign-in-tokens";
