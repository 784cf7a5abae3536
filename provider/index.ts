export { SignInToken } from "./sign-in-token";
export type { SignInTokenArgs } from "./inputs";
export type { SignInTokenOutputs } from "./outputs";
export { SignInTokens } from "./sign-in-token-set";
export type { SignInTokensArgs, SignInTokensDefaults, SignInTokensUser } from "./sign-in-token-set";
export {
  ClerkProviderError,
  ClerkConfigError,
  ClerkInputError,
  ClerkApiError,
  ClerkResponseError,
  ClerkRequestError,
  ClerkUserLookupError,
  CLERK_ERROR_CODES,
  type ClerkErrorCode,
  type ClerkErrorDetail,
} from "./clerk/errors";
