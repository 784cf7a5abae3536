export { defaultRateLimit } from "./http/rate-limiter";
export { startClerkEmulator } from "./http/server";
export { type PublicJwk, type SignInTokenClaims, verifyTicket } from "./tickets/jwt";
export type {
  ClerkEmulator,
  ClerkEmulatorOptions,
  EmulatorRequest,
  EmulatorRoute,
  EmulatorSession,
  EmulatorToken,
  EmulatorUser,
  FaultKind,
  FaultRoute,
  FaultRule,
  Outage,
  OutageKind,
  RateLimit,
  RequestCounts,
  RequestFilter,
  SessionStatus,
  TicketSummary,
  TokenStatus,
} from "./types";
