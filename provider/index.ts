export {
  CLERK_ERROR_CODES,
  ClerkApiError,
  ClerkConfigError,
  type ClerkErrorCode,
  type ClerkErrorDetail,
  ClerkInputError,
  ClerkProviderError,
  ClerkRequestError,
  ClerkResponseError,
  ClerkUserLookupError,
} from "./clerk/errors";
export type { SignInTokenArgs } from "./inputs";
export type { SignInTokenOutputs } from "./outputs";
export { SignInToken } from "./sign-in-token";
export type { SignInTokensArgs, SignInTokensDefaults, SignInTokensUser } from "./sign-in-token-set";
export { SignInTokens } from "./sign-in-token-set";
