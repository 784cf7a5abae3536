/**
 * The emulator's public shapes. Other parts of the project (provider tests,
 * scripts, examples) code against these, so changes here are API changes.
 * FaultKind, FaultRoute and TokenStatus are derived from the lists the emulator runs on.
 * A leaf: it imports only modules that import nothing, so every part of the emulator can
 * import it without closing a circle.
 */
import type { SESSION_STATUSES, SIGN_IN_TOKEN_STATUSES } from "./clerk/facts";
import type { FaultKind, OutageKind } from "./faults/kinds";
import type { FaultRoute, RouteName } from "./routes/catalogue";

export type { FaultKind, FaultRoute, OutageKind };

/**
 * A route of the emulator, by name: "create", "revoke", "users" and "jwks" are Clerk's
 * Backend API (POST /v1/sign_in_tokens, POST /v1/sign_in_tokens/{id}/revoke, GET /v1/users,
 * GET /v1/jwks); the others stand in for what the contract does not describe
 * (emulator/routes/catalogue.ts lists them all).
 */
export type EmulatorRoute = RouteName;

export interface EmulatorUser {
  id: string;
  emailAddresses?: string[];
  organizationIds?: string[];
}

export interface RateLimit {
  requests: number;
  windowSeconds: number;
}

export interface FaultRule {
  route: FaultRoute;
  /** Chance (0..1) that a matching request is faulted. */
  probability?: number;
  /** Kinds a probabilistic fault picks from, uniformly with the seeded PRNG. Default [500]. */
  kinds?: FaultKind[];
  /** Scripted outcomes, consumed one per matching request; normal service once exhausted. */
  sequence?: Array<FaultKind | "ok">;
  /** How long a "slow" fault holds the answer back. Default 30000 ms. */
  slowMs?: number;
}

/** An outage window, on the emulator's clock (ms). */
export interface Outage {
  kind: OutageKind;
  startedAt: number;
  /** The first instant of normal service again. */
  endsAt: number;
}

export interface ClerkEmulatorOptions {
  /** Must start with sk_test_ or sk_live_; the only bearer key accepted. */
  secretKey: string;
  /** A string is a user id with no email addresses. */
  users?: Array<string | EmulatorUser>;
  /** Default 0 = a free port. The server always binds 127.0.0.1. */
  port?: number;
  /** Default: Clerk's own limit for the key's kind of instance, as `defaultRateLimit(secretKey)` gives it. */
  rateLimit?: RateLimit | false;
  faults?: FaultRule[];
  /** Seeds the PRNG behind probabilistic faults, for reproducible runs. */
  seed?: number;
  /** Clock in milliseconds. Default Date.now. */
  now?: () => number;
  /**
   * Starts the control surface, JSON over HTTP on this port of 127.0.0.1 (0 = a free port),
   * for tests that drive the emulator from outside the process (emulator/control/routes.ts
   * lists its routes). Default: none.
   */
  controlPort?: number;
}

export type TokenStatus = (typeof SIGN_IN_TOKEN_STATUSES)[number];

export interface EmulatorToken {
  id: string;
  userId: string;
  orgId: string | null;
  status: TokenStatus;
  token: string;
  url: string;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}

/**
 * Clerk's session statuses (the contract's enum). The emulator's sessions are "active", then
 * "expired" once their maximum lifetime (Clerk's default, 7 days) has passed on the
 * emulator's clock, or "ended" when a later sign-in on the same browser replaced them.
 */
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** A session: what a sign-in with a ticket makes, on the browser (Clerk's "client") it happened in. */
export interface EmulatorSession {
  /** sess_… */
  id: string;
  /** client_…: the browser, known to it by its `__client` cookie. */
  clientId: string;
  userId: string;
  /** The sign-in token's org_id, the organization the session starts in. */
  orgId: string | null;
  /** The sign-in token whose ticket made it. */
  signInTokenId: string;
  status: SessionStatus;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}

/** A sign-in token as the control surface shows it: everything but the ticket (`token`) and the link (`url`). */
export interface TicketSummary {
  id: string;
  userId: string;
  orgId: string | null;
  status: TokenStatus;
  /** Whether its expiry has passed on the emulator's clock; the status stays "pending" (Clerk has no "expired" status). */
  expired: boolean;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}

export interface EmulatorRequest {
  method: string;
  /** The path without its query string (query strings can carry tickets and email addresses). */
  path: string;
  /** The route that served it; null when none did (an unknown path, a wrong method). */
  route: EmulatorRoute | null;
  /** The answer's status, or "reset" when the connection was dropped instead. */
  status: number | "reset";
  /** When it arrived, on the emulator's clock (ms). */
  at: number;
}

/** Which requests to count or list; every given field must match. */
export interface RequestFilter {
  /** Any case. */
  method?: string;
  route?: EmulatorRoute | null;
  status?: number | "reset";
  /** Prefer `route`: a prefix such as "/v1/sign_in_tokens" also matches the revoke route. */
  pathPrefix?: string;
}

/** The request log at a glance; requests still waiting for their outcome are not counted yet. */
export interface RequestCounts {
  total: number;
  /** Requests by the route that served them; a route with no request is absent. */
  byRoute: Partial<Record<EmulatorRoute, number>>;
  /** Requests no route served (an unknown path, a wrong method). */
  unmatched: number;
  /** Requests by status ("200", "503", …, and "reset"). */
  byStatus: Record<string, number>;
}

export interface ClerkEmulator {
  /** API base, e.g. "http://127.0.0.1:41234/v1". */
  readonly url: string;
  /** The control surface's base, e.g. "http://127.0.0.1:41235", when started with `controlPort`. */
  readonly controlUrl: string | undefined;
  /**
   * The stand-in for an app's sign-in page, e.g. "http://127.0.0.1:41234/sign-in": give it
   * as a SignInToken's `signInPage`, or open it with `?__clerk_ticket=<token>` in a browser,
   * which is then signed in as the token's user (a session in the `__client` cookie).
   */
  readonly signInPage: string;
  readonly secretKey: string;
  /** PEM (SPKI) of the key that signs sign-in token JWTs; fresh per start. */
  readonly publicKeyPem: string;
  /** The instance id (`ins_…`) carried in every token's `iid` claim. */
  readonly instanceId: string;
  /** The seed actually used by the fault PRNG (the given one, or a random one). */
  readonly seed: number;
  addUser(user: string | EmulatorUser): void;
  /** Every token ever created, whatever happened to the HTTP response. Copies. */
  tokens(filter?: { userId?: string; status?: TokenStatus }): EmulatorToken[];
  token(id: string): EmulatorToken | undefined;
  /**
   * Marks a pending, unexpired token accepted, as a sign-in with its ticket would, and
   * starts that sign-in's session (on a browser of its own). Throws otherwise.
   */
  accept(id: string): void;
  /** Revokes a pending token outside the API, as a dashboard user would. Throws otherwise. */
  revoke(id: string): void;
  /** Every session a sign-in with a ticket started, oldest first, with its status now. Copies. */
  sessions(filter?: { userId?: string; clientId?: string; status?: SessionStatus }): EmulatorSession[];
  session(id: string): EmulatorSession | undefined;
  /** Every request received, in arrival order, once its outcome is known; or those `filter` matches. */
  requests(filter?: RequestFilter): EmulatorRequest[];
  requestCount(filter?: RequestFilter): number;
  /** The requests counted by route and by status. */
  requestCounts(): RequestCounts;
  resetRequests(): void;
  setRateLimit(limit: RateLimit | false): void;
  /** Replaces the rules; scripted sequences start over. Throws, keeping the rules in force, when one is invalid. */
  setFaults(rules: FaultRule[]): void;
  /** The fault rules in force (copies). */
  faultRules(): FaultRule[];
  /**
   * Starts an outage of `seconds` from now (on the emulator's clock), replacing any current
   * one: until it ends, every request that takes a place in the rate limit (the Backend API
   * routes, and unknown paths under /v1) is answered with `kind` instead of being served:
   * 503 `maintenance_mode` by default, Clerk's documented 503. It answers before the key
   * check and takes no place in the rate limit; fault rules do not see those requests (a
   * scripted sequence does not advance). The JWKS, the ticket link and the sign-in page
   * keep working. Throws on seconds that are not a finite number > 0 or an unknown kind.
   */
  outage(seconds: number, kind?: OutageKind): Outage;
  /** Ends the current outage now, if there is one. */
  endOutage(): void;
  /** The outage under way; undefined when there is none, or it has ended. */
  currentOutage(): Outage | undefined;
  /** Closes the server, the control surface and every open socket, including ones held by "slow" faults. */
  stop(): Promise<void>;
}
