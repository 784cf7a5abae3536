/*
 * The routes the emulator serves, relative to /v1: what each one is, with no handler. A
 * leaf module (it imports nothing), so the public types (FaultRoute), the fault planner,
 * the command line and the contract test can all read it without importing the handlers,
 * which import the public types in turn. table.ts pairs each name with its handler.
 */

interface RouteSpec {
  name: string;
  method: "GET" | "POST";
  /** Matched against the path under /v1; named groups become the handler's params. */
  pattern: RegExp;
  /** Whether the caller must send the instance's secret key as a bearer token. */
  secretKey: boolean;
  /** Whether the request takes a place in the instance's rate limit. */
  rateLimited: boolean;
  /** Which fault rules reach it: those naming it and "*", only "*", or none. */
  faults: "by-name" | "wildcard-only" | "none";
  /** Its path in Clerk's Backend API contract; null when the contract does not describe it. */
  contractPath: string | null;
}

export const ROUTES = [
  {
    name: "create",
    method: "POST",
    pattern: /^\/sign_in_tokens$/,
    secretKey: true,
    rateLimited: true,
    faults: "by-name",
    contractPath: "/sign_in_tokens",
  },
  {
    name: "revoke",
    method: "POST",
    pattern: /^\/sign_in_tokens\/(?<id>[^/]+)\/revoke$/,
    secretKey: true,
    rateLimited: true,
    faults: "by-name",
    contractPath: "/sign_in_tokens/{sign_in_token_id}/revoke",
  },
  {
    name: "users",
    method: "GET",
    pattern: /^\/users$/,
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
    pattern: /^\/jwks$/,
    secretKey: true,
    rateLimited: false,
    faults: "wildcard-only",
    contractPath: "/jwks",
  },
  {
    // Where a sign-in token's url leads: a stand-in for Clerk's Frontend API, which a browser
    // calls without any key, so there is no instance to charge or to fault.
    name: "accept-ticket",
    method: "GET",
    pattern: /^\/tickets\/accept$/,
    secretKey: false,
    rateLimited: false,
    faults: "none",
    contractPath: null,
  },
] as const satisfies readonly RouteSpec[];

export type RouteSpecRow = (typeof ROUTES)[number];

export type RouteName = RouteSpecRow["name"];

/** The routes a fault rule can name; "*" reaches every route whose `faults` is not "none". */
export type FaultRoute = Extract<RouteSpecRow, { faults: "by-name" }>["name"] | "*";

export const FAULT_ROUTES: readonly FaultRoute[] = [...ROUTES.flatMap((route) => (route.faults === "by-name" ? [route.name] : [])), "*"];
