import type { Reply } from "../http/reply";
import { acceptTicket } from "./accept-ticket";
import { API_PREFIX, ROUTES, type RouteName, type RouteSpecRow } from "./catalogue";
import type { RouteContext } from "./context";
import { createSignInToken } from "./create-sign-in-token";
import { getClient } from "./get-client";
import { getJwks } from "./jwks";
import { listUsers } from "./list-users";
import { revokeSignInToken } from "./revoke-sign-in-token";
import { signInPage } from "./sign-in-page";

/** Each route's handler, by name: a route added to the catalogue without one does not compile. */
const HANDLERS: Record<RouteName, (ctx: RouteContext) => Reply> = {
  create: createSignInToken,
  revoke: revokeSignInToken,
  users: listUsers,
  jwks: getJwks,
  "accept-ticket": acceptTicket,
  client: getClient,
  "sign-in-page": signInPage,
};

/** What the request must pass before routing answers: the key check, then the rate limit. */
interface Gate {
  secretKey: boolean;
  rateLimited: boolean;
}

/** `name` is the route that serves the request, null when none does (for the request log). */
export type RouteResolution = Gate &
  (
    | { kind: "match"; name: RouteName; route: RouteSpecRow; handle: (ctx: RouteContext) => Reply; params: Record<string, string> }
    | { kind: "method_not_allowed"; name: null; allowed: string[] }
    | { kind: "not_found"; name: null }
  );

/**
 * A request no row serves is held to the Backend API's rules when its path is
 * under /v1: the key and a place in the rate limit (Clerk's limiter stands in
 * front of its routing), unless its path belongs only to routes that need no
 * key. Outside /v1 there is no Clerk API to ask a key for: a plain 404.
 */
export function resolveRoute(method: string, path: string): RouteResolution {
  const onPath: RouteSpecRow[] = [];
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match === null) continue;
    if (route.method === method) {
      const params: Record<string, string> = {};
      for (const [param, value] of Object.entries(match.groups ?? {})) params[param] = safeDecode(value);
      const { name, secretKey, rateLimited } = route;
      return { kind: "match", name, route, handle: HANDLERS[name], params, secretKey, rateLimited };
    }
    onPath.push(route);
  }
  if (onPath.length === 0) {
    const underApi = path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
    return { kind: "not_found", name: null, secretKey: underApi, rateLimited: underApi };
  }
  const secretKey = onPath.some((route) => route.secretKey);
  return { kind: "method_not_allowed", name: null, allowed: onPath.map((route) => route.method), secretKey, rateLimited: secretKey };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
