import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { openSignInPage, reloadSignInPage, type SignInView } from "./browser-sign-in";
import { launchChromium } from "./chromium";

/**
 * The demo's browser step: headless Chromium opens a role's link (linkTo: the emulator's
 * sign-in page with the ticket), shows who is signed in, keeps a screenshot, reloads, and a
 * second browser tries the same link. Returns the lines to print: none holds the link.
 */
export async function signInWithChromium(options: { chromium: string; link: string; screenshot: string }): Promise<string[]> {
  const browser = await launchChromium(options.chromium);
  try {
    const first = await browser.newContext({ viewport: { width: 720, height: 360 } });
    const page = await first.newPage();
    const signedIn = await openSignInPage(page, options.link);
    mkdirSync(dirname(options.screenshot), { recursive: true });
    await page.screenshot({ path: options.screenshot });
    const reloaded = await reloadSignInPage(page);
    const second = await browser.newContext();
    const again = await openSignInPage(await second.newPage(), options.link);
    return [
      `Chromium ${browser.version()} opened the link (${signedIn.path}?__clerk_ticket=…): ${shown(signedIn)}` +
        (signedIn.addressHasTicket ? "" : "; the page took the ticket out of the address bar"),
      `after a reload: ${shown(reloaded)}`,
      `a second browser with the same link: ${shown(again)}`,
      `screenshot of the signed-in page: ${options.screenshot}`,
    ];
  } finally {
    await browser.close();
  }
}

/** What the page shows, in a line. */
function shown(view: SignInView): string {
  if (view.state === "signed-in") return view.signedInAs;
  if (view.state === "error") return `Clerk's error "${view.errorMessage}" (${view.errorCode})`;
  return view.state;
}
