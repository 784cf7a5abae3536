import type { Reply } from "../http/reply";
import { acceptTicket } from "./accept-ticket";
import { ROUTES, type RouteName, type RouteSpecRow } from "./catalogue";
import type { RouteContext } from "./context";
import { createSignInToken } from "./create-sign-in-token";
import { getJwks } from "./jwks";
import { listUsers } from "./list-users";
import { revokeSignInToken } from "./revoke-sign-in-token";

/** Each route's handler, by name: a route added to the catalogue without one does not compile. */
const HANDLERS: Record<RouteName, (ctx: RouteContext) => Reply> = {
  create: createSignInToken,
  revoke: revokeSignInToken,
  users: listUsers,
  jwks: getJwks,
  "accept-ticket": acceptTicket,
};

/** What the request must pass before routing answers: the key check, then the rate limit. */
interface Gate {
  secretKey: boolean;
  rateLimited: boolean;
}

export type RouteResolution = Gate &
  (
    | { kind: "match"; route: RouteSpecRow; handle: (ctx: RouteContext) => Reply; params: Record<string, string> }
    | { kind: "method_not_allowed"; allowed: string[] }
    | { kind: "not_found" }
  );

/**
 * A request no row serves is held to the Backend API's rules, the key and a
 * place in the rate limit (Clerk's limiter stands in front of its routing),
 * unless its path belongs only to routes that need no key.
 */
export function resolveRoute(method: string, pathUnderV1: string): RouteResolution {
  const onPath: RouteSpecRow[] = [];
  for (const route of ROUTES) {
    const match = route.pattern.exec(pathUnderV1);
    if (match === null) continue;
    if (route.method === method) {
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) params[name] = safeDecode(value);
      return { kind: "match", route, handle: HANDLERS[route.name], params, secretKey: route.secretKey, rateLimited: route.rateLimited };
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
