export { startClerkEmulator } from "./server";
export { verifyTicket, type SignInTokenClaims, type PublicJwk } from "./jwt";
export { defaultRateLimit } from "./rate-limiter";
export type {
  ClerkEmulator,
  ClerkEmulatorOptions,
  EmulatorRequest,
  EmulatorToken,
  EmulatorUser,
  FaultKind,
  FaultRoute,
  FaultRule,
  RateLimit,
  TokenStatus,
} from "./types";
