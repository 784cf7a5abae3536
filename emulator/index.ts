export { type PublicJwk, type SignInTokenClaims, verifyTicket } from "./jwt";
export { defaultRateLimit } from "./rate-limiter";
export { startClerkEmulator } from "./server";
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
