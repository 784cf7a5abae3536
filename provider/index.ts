export { SignInToken } from "./sign-in-token";
export type { SignInTokenArgs } from "./inputs";
export type { SignInTokenOutputs } from "./outputs";
export { SignInTokens } from "./sign-in-token-set";
export type { SignInTokensArgs, SignInTokensDefaults, SignInTokensUser } from "./sign-in-token-set";
export {
  ClerkProviderError,
  ClerkConfigError,
  ClerkApiError,
  ClerkResponseError,
  ClerkRequestError,
  type ClerkErrorCode,
  type ClerkErrorDetail,
} from "./clerk/errors";
