import { SIGN_IN_PAGE_CSP, SIGN_IN_PAGE_HTML } from "../app/sign-in-page";
import type { Reply } from "../http/reply";

/**
 * GET /sign-in: the stand-in for an app's sign-in page (app/sign-in-page.ts). Its address
 * carries a ticket, so the answer is neither cached nor sent on as a Referer.
 */
export function signInPage(): Reply {
  return {
    kind: "text",
    status: 200,
    contentType: "text/html; charset=utf-8",
    body: SIGN_IN_PAGE_HTML,
    headers: {
      "content-security-policy": SIGN_IN_PAGE_CSP,
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    },
  };
}
