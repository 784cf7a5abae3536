import type { ApiRoute } from "./faults";

/** The authenticated Backend API routes the emulator serves, relative to /v1. */
interface RouteEntry {
  route: ApiRoute;
  method: string;
  pattern: RegExp;
  /** Clerk exempts fetching the JWKS from rate limiting; everything else counts. */
  rateLimited: boolean;
}

const ROUTES: readonly RouteEntry[] = [
  { route: "create", method: "POST", pattern: /^\/sign_in_tokens$/, rateLimited: true },
  { route: "revoke", method: "POST", pattern: /^\/sign_in_tokens\/(?<id>[^/]+)\/revoke$/, rateLimited: true },
  { route: "users", method: "GET", pattern: /^\/users$/, rateLimited: true },
  { route: "jwks", method: "GET", pattern: /^\/jwks$/, rateLimited: false },
];

export type RouteResolution =
  | { kind: "match"; route: ApiRoute; params: Record<string, string>; rateLimited: boolean }
  | { kind: "method_not_allowed"; allowed: string[] }
  | { kind: "not_found" };

export function resolveApiRoute(method: string, pathUnderV1: string): RouteResolution {
  const allowed: string[] = [];
  for (const entry of ROUTES) {
    const match = entry.pattern.exec(pathUnderV1);
    if (match === null) continue;
    if (entry.method === method) {
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) params[name] = safeDecode(value);
      return { kind: "match", route: entry.route, params, rateLimited: entry.rateLimited };
    }
    allowed.push(entry.method);
  }
  return allowed.length > 0 ? { kind: "method_not_allowed", allowed } : { kind: "not_found" };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
