import { isLoopbackHost } from "../clerk/settings";
import { ClerkInputError } from "./errors";

/**
 * The query parameter that Clerk's prebuilt `<SignIn/>` component (and `signIn.ticket()` in
 * custom flows) reads a sign-in ticket from, on the app's own sign-in page.
 */
export const TICKET_PARAMETER = "__clerk_ticket";

/**
 * Checks an app's sign-in page: an absolute `https://` URL, or `http://` on a loopback host
 * (a local app: the link carries a credential, which must not cross a network unencrypted).
 * Throws `ClerkInputError` naming `property`.
 */
export function checkSignInPage(page: unknown, property: string): URL {
  const where = `${property} (the app's sign-in page)`;
  if (typeof page !== "string" || page.trim() === "") {
    throw new ClerkInputError(property, `${where} must be a URL such as https://pr-42.preview.example.com/sign-in, got ${describe(page)}.`);
  }
  let url: URL;
  try {
    url = new URL(page);
  } catch {
    throw new ClerkInputError(property, `${where} must be an absolute URL such as https://pr-42.preview.example.com/sign-in.`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    throw new ClerkInputError(
      property,
      `${where} must use https:// (http:// only for 127.0.0.1, localhost or [::1]): the link carries a sign-in ticket.`,
    );
  }
  if (url.username || url.password) throw new ClerkInputError(property, `${where} must not hold a user name or password.`);
  if (url.searchParams.has(TICKET_PARAMETER)) {
    throw new ClerkInputError(property, `${where} already has a ${TICKET_PARAMETER} parameter; give the page without it.`);
  }
  return url;
}

/**
 * The app's sign-in page with the ticket added as `__clerk_ticket`. The page's own query is
 * kept as written (not re-encoded) and its fragment stays last.
 */
export function appSignInLink(page: string, token: string, property = "page"): string {
  const url = checkSignInPage(page, property);
  const ticket = `${TICKET_PARAMETER}=${encodeURIComponent(token)}`;
  url.search = url.search === "" ? `?${ticket}` : `${url.search}&${ticket}`;
  return url.toString();
}

function describe(value: unknown): string {
  if (typeof value === "string") return "an empty string";
  return value === null || value === undefined ? String(value) : `a ${typeof value}`;
}
