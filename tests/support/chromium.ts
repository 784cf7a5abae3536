import { accessSync, constants, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { REPO_ROOT } from "./serialized-provider";

/*
 * The browser of the browser tests: Debian's Chromium, driven by playwright-core (no browser
 * download is possible here, and none is wanted: `npx playwright install` fetches from a
 * CDN). .ci/run installs the package when it is missing.
 */

/** Where Debian's `chromium` package puts the browser; CLERK_TEST_CHROMIUM names another. */
export const CHROMIUM_PATH = process.env.CLERK_TEST_CHROMIUM ?? "/usr/bin/chromium";

/**
 * On top of Playwright's own switches (which already turn off background networking,
 * component updates and first-run screens): no GPU on these machines, and no QUIC or sync,
 * whose connections the closed network refuses and which a test never needs.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Fails, naming the install, when Chromium is not there: a browser test must never pass by
 * skipping itself on a machine that lacks the browser.
 */
export function requireChromium(path = CHROMIUM_PATH): string {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium is missing: no executable at ${path}. The browser tests need it: install Debian's package ` +
        "(apt-get install chromium, as .ci/run does), or set CLERK_TEST_CHROMIUM to a Chromium executable.",
    );
  }
  return path;
}

/** Headless Chromium; every context it opens starts with no cookies (a fresh profile per launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: requireChromium(), headless: true, args: CHROMIUM_ARGS });
}

/** test-artifacts/<name> under the repo (git-ignored): screenshots a run keeps for people to look at. */
export function artifactsDir(name: string): string {
  const dir = join(REPO_ROOT, "test-artifacts", name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
