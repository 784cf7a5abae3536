export { SignInToken } from "./sign-in-token";
export type { SignInTokenArgs } from "./inputs";
export type { SignInTokenOutputs } from "./outputs";
export {
  ClerkProviderError,
  ClerkConfigError,
  ClerkApiError,
  ClerkResponseError,
  ClerkRequestError,
  type ClerkErrorCode,
  type ClerkErrorDetail,
} from "./clerk/errors";
