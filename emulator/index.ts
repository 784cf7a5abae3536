export { defaultRateLimit } from "./http/rate-limiter";
export { startClerkEmulator } from "./http/server";
export { type PublicJwk, type SignInTokenClaims, verifyTicket } from "./tickets/jwt";
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
