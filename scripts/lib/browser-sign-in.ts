import type { Page } from "playwright-core";

/*
 * The emulator's sign-in page (emulator/app/sign-in-page.ts) in a real browser, read as a
 * person would read it. Every address a test opens here carries a ticket, and Playwright's
 * errors quote the address they were navigating to ("navigating to "http://…?__clerk_ticket=…"):
 * so every failure is rethrown with the tickets taken out, and what comes back holds no
 * address, only what the page showed.
 */

/** The page once it settled (its <body data-state> is no longer "loading"). */
export interface SignInView {
  /** "signed-in", "signed-out" or "error". */
  state: string;
  /** The visible text of the signed-in line, e.g. "Signed in as user_2abc"; "" when hidden. */
  signedInAs: string;
  /** Clerk's error as the page shows it: its long message and its code; "" when none. */
  errorMessage: string;
  errorCode: string;
  /** Whether the address bar still holds a ticket (the page takes it out once signed in). */
  addressHasTicket: boolean;
  /** The address bar's path, without any query: safe to print. */
  path: string;
}

/** Opens `address` (a link with a ticket, or the bare page) and waits for the page to settle. */
export async function openSignInPage(page: Page, address: string): Promise<SignInView> {
  return withoutTickets(address, async () => {
    await page.goto(address);
    return settled(page);
  });
}

/** Reloads the page (no ticket in the address any more) and waits for it to settle again. */
export async function reloadSignInPage(page: Page): Promise<SignInView> {
  return withoutTickets(page.url(), async () => {
    await page.reload();
    return settled(page);
  });
}

/**
 * Follows a ticket link that leads to the ticket route itself (Clerk's own `url`, as the
 * emulator makes it): what the route answered, as its JSON says, without the body.
 */
export async function followTicketRoute(page: Page, url: string): Promise<{ status: number; accepted: boolean; userId: string }> {
  return withoutTickets(url, async () => {
    const answer = await page.goto(url);
    if (answer === null) throw new Error("the ticket route gave no answer");
    const body = (await answer.json().catch(() => ({}))) as { status?: unknown; user_id?: unknown };
    return { status: answer.status(), accepted: body.status === "accepted", userId: typeof body.user_id === "string" ? body.user_id : "" };
  });
}

async function settled(page: Page): Promise<SignInView> {
  await page.locator('body:not([data-state="loading"])').waitFor({ timeout: 15_000 });
  const visibleText = async (testId: string) => {
    const element = page.getByTestId(testId);
    return (await element.isVisible()) ? ((await element.textContent()) ?? "").trim() : "";
  };
  const url = new URL(page.url());
  return {
    state: (await page.locator("body").getAttribute("data-state")) ?? "",
    signedInAs: await visibleText("signed-in-as"),
    errorMessage: await visibleText("error-message"),
    errorCode: await visibleText("error-code"),
    addressHasTicket: url.searchParams.has("__clerk_ticket") || url.searchParams.has("ticket"),
    path: url.pathname,
  };
}

/** Runs `step`; an error it throws comes back with every ticket of `address` (and any JWT) masked. */
async function withoutTickets<T>(address: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    throw new Error(maskTickets(err instanceof Error ? err.message : String(err), address));
  }
}

/** `text` with the address (every form a message may quote it in) and anything shaped like a ticket masked. */
export function maskTickets(text: string, address = ""): string {
  let masked = text;
  if (address !== "") {
    for (const form of [address, encodeURI(address), decodeURIComponent(address)]) masked = masked.split(form).join("<link>");
  }
  return masked
    .replace(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, "<ticket>")
    .replace(/((?:__clerk_)?ticket=)[^&\s"']+/g, "$1<ticket>");
}
