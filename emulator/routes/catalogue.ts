/*
 * The routes the emulator serves: what each one is, with no handler. A leaf module (it
 * imports nothing), so the public types (FaultRoute, EmulatorRoute), the fault planner, the
 * command line and the contract test can all read it without importing the handlers, which
 * import the public types in turn. table.ts pairs each name with its handler.
 */

/** Clerk's Backend API lives under /v1 (the contract's server URL is https://api.clerk.com/v1). */
export const API_PREFIX = "/v1";

type RouteSpec = {
  name: string;
  method: "GET" | "POST";
  /** Matched against the whole path (without the query); named groups become the handler's params. */
  pattern: RegExp;
  /** Whether the caller must send the instance's secret key as a bearer token. */
  secretKey: boolean;
  /** Whether the request takes a place in the instance's rate limit. */
  rateLimited: boolean;
  /** Which fault rules reach it: those naming it and "*", only "*", or none. */
  faults: "by-name" | "wildcard-only" | "none";
} & (
  | {
      /** Its path in Clerk's Backend API contract, relative to the contract's server URL (…/v1). */
      contractPath: string;
    }
  | {
      /** Not in Clerk's Backend API contract… */
      contractPath: null;
      /** …so it says what it stands in for. */
      standsInFor: string;
    }
);

export const ROUTES = [
  {
    name: "create",
    method: "POST",
    pattern: /^\/v1\/sign_in_tokens$/,
    secretKey: true,
    rateLimited: true,
    faults: "by-name",
    contractPath: "/sign_in_tokens",
  },
  {
    name: "revoke",
    method: "POST",
    pattern: /^\/v1\/sign_in_tokens\/(?<id>[^/]+)\/revoke$/,
    secretKey: true,
    rateLimited: true,
    faults: "by-name",
    contractPath: "/sign_in_tokens/{sign_in_token_id}/revoke",
  },
  {
    name: "users",
    method: "GET",
    pattern: /^\/v1\/users$/,
    secretKey: true,
    rateLimited: true,
    faults: "by-name",
    contractPath: "/users",
  },
  {
    // Clerk exempts fetching the JWKS from its rate limit. The provider never fetches it, so fault
    // rules do not name it; "*" still reaches it.
    name: "jwks",
    method: "GET",
    pattern: /^\/v1\/jwks$/,
    secretKey: true,
    rateLimited: false,
    faults: "wildcard-only",
    contractPath: "/jwks",
  },
  {
    // A browser calls Clerk's Frontend API without any key, so there is no instance to charge
    // or to fault.
    name: "accept-ticket",
    method: "GET",
    pattern: /^\/v1\/tickets\/accept$/,
    secretKey: false,
    rateLimited: false,
    faults: "none",
    contractPath: null,
    standsInFor: "Clerk's Frontend API accepting a ticket: where a sign-in token's url leads",
  },
  {
    // Asked by the sign-in page, in a browser, without any key: like the ticket link.
    name: "client",
    method: "GET",
    pattern: /^\/v1\/client$/,
    secretKey: false,
    rateLimited: false,
    faults: "none",
    contractPath: null,
    standsInFor: "Clerk's Frontend API GET /v1/client: the browser's client and who is signed in on it",
  },
  {
    // Outside /v1: not Clerk's at all, but the app's. A browser opens it without any key.
    name: "sign-in-page",
    method: "GET",
    pattern: /^\/sign-in$/,
    secretKey: false,
    rateLimited: false,
    faults: "none",
    contractPath: null,
    standsInFor: "an app's sign-in page with Clerk's prebuilt <SignIn/>, which signs in with a __clerk_ticket parameter",
  },
] as const satisfies readonly RouteSpec[];

export type RouteSpecRow = (typeof ROUTES)[number];

/** A route's name, as the request log and the fault rules call it. */
export type RouteName = RouteSpecRow["name"];

/** The routes a fault rule can name; "*" reaches every route whose `faults` is not "none". */
export type FaultRoute = Extract<RouteSpecRow, { faults: "by-name" }>["name"] | "*";

export const FAULT_ROUTES: readonly FaultRoute[] = [...ROUTES.flatMap((route) => (route.faults === "by-name" ? [route.name] : [])), "*"];
