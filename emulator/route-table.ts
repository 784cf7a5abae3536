import type { Reply } from "./reply";
import type { RouteContext } from "./route-context";
import { acceptTicket } from "./routes/accept-ticket";
import { createSignInToken } from "./routes/create-sign-in-token";
import { getJwks } from "./routes/jwks";
import { listUsers } from "./routes/list-users";
import { revokeSignInToken } from "./routes/revoke-sign-in-token";

interface Route {
  name: string;
  method: "GET" | "POST";
  /** Matched against the path under /v1; named groups become the handler's params. */
  pattern: RegExp;
  handle: (ctx: RouteContext) => Reply;
  /** Whether the caller must send the instance's secret key as a bearer token. */
  secretKey: boolean;
  /** Whether the request takes a place in the instance's rate limit. */
  rateLimited: boolean;
  /** Which fault rules reach it: those naming it and "*", only "*", or none. */
  faults: "by-name" | "wildcard-only" | "none";
  /** Its path in Clerk's Backend API contract; null when the contract does not describe it. */
  contractPath: string | null;
}

/** The routes the emulator serves, relative to /v1: the one place that says what each one is. */
export const ROUTES = [
  {
    name: "create",
    method: "POST",
    pattern: /^\/sign_in_tokens$/,
    handle: createSignInToken,
    secretKey: true,
    rateLimited: true,
    faults: "by-name",
    contractPath: "/sign_in_tokens",
  },
  {
    name: "revoke",
    method: "POST",
    pattern: /^\/sign_in_tokens\/(?<id>[^/]+)\/revoke$/,
    handle: revokeSignInToken,
    secretKey: true,
    rateLimited: true,
    faults: "by-name",
    contractPath: "/sign_in_tokens/{sign_in_token_id}/revoke",
  },
  {
    name: "users",
    method: "GET",
    pattern: /^\/users$/,
    handle: listUsers,
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
    handle: getJwks,
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
    handle: acceptTicket,
    secretKey: false,
    rateLimited: false,
    faults: "none",
    contractPath: null,
  },
] as const satisfies readonly Route[];

type RouteRow = (typeof ROUTES)[number];

export type RouteName = RouteRow["name"];

/** The routes a fault rule can name; "*" reaches every route whose `faults` is not "none". */
export type FaultRoute = Extract<RouteRow, { faults: "by-name" }>["name"] | "*";

export const FAULT_ROUTES: readonly FaultRoute[] = [...ROUTES.flatMap((route) => (route.faults === "by-name" ? [route.name] : [])), "*"];

/** What the request must pass before routing answers: the key check, then the rate limit. */
interface Gate {
  secretKey: boolean;
  rateLimited: boolean;
}

export type RouteResolution = Gate &
  (
    | { kind: "match"; route: RouteRow; params: Record<string, string> }
    | { kind: "method_not_allowed"; allowed: string[] }
    | { kind: "not_found" }
  );

/**
 * A request no row serves is held to the Backend API's rules, the key and a
 * place in the rate limit (Clerk's limiter stands in front of its routing),
 * unless its path belongs only to routes that need no key.
 */
export function resolveRoute(method: string, pathUnderV1: string): RouteResolution {
  const onPath: RouteRow[] = [];
  for (const route of ROUTES) {
    const match = route.pattern.exec(pathUnderV1);
    if (match === null) continue;
    if (route.method === method) {
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) params[name] = safeDecode(value);
      return { kind: "match", route, params, secretKey: route.secretKey, rateLimited: route.rateLimited };
    }
    onPath.push(route);
  }
  if (onPath.length === 0) return { kind: "not_found", secretKey: true, rateLimited: true };
  const secretKey = onPath.some((route) => route.secretKey);
  return { kind: "method_not_allowed", allowed: onPath.map((route) => route.method), secretKey, rateLimited: secretKey };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
