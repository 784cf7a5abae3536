import { CLIENT_COOKIE } from "../clerk/facts";

/** A cookie's value from a request's Cookie header (RFC 6265 §5.4: "name=value" pairs joined by "; "). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? "").split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The Set-Cookie value for the `__client` cookie, set as Clerk's Frontend API sets it:
 * HTTP-only, for the whole site, for the client token's lifetime. Not `Secure`: the emulator
 * serves plain http on 127.0.0.1, where a browser may drop a Secure cookie. SameSite=Lax
 * keeps it on a top-level navigation to the page (a ticket link opened from elsewhere).
 */
export function clientCookie(cookieToken: string): string {
  return `${CLIENT_COOKIE.name}=${cookieToken}; Path=/; Max-Age=${CLIENT_COOKIE.maxAgeSeconds}; HttpOnly; SameSite=Lax`;
}
