import { accessSync, constants } from "node:fs";
import type { Browser } from "playwright-core";

/*
 * Debian's Chromium, driven by playwright-core, for the browser tests and `npm run demo --
 * --browser`. No browser is downloaded (`npx playwright install` fetches from a CDN, which
 * this project's machines cannot reach): .ci/run installs Debian's package when missing.
 */

/** Where Debian's `chromium` package puts the browser. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** The Chromium to use: CHROMIUM_PATH when set, else Debian's. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

/**
 * On top of Playwright's own switches (which already turn off background networking,
 * component updates and first-run screens, and add --no-sandbox when not sandboxed): no GPU
 * on these machines, and no QUIC or sync, whose connections a closed network refuses.
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

/** Whether `path` is an executable. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What to say when Chromium is not at `path`: where it was looked for, and how to install it. */
export function missingChromiumMessage(path: string): string {
  return (
    `Chromium is missing: no executable at ${path}. Install Debian's package ` +
    "(apt-get install chromium, as .ci/run does), or set CHROMIUM_PATH to a Chromium executable."
  );
}

/** Headless Chromium at `path`; every context it opens starts with no cookies. */
export async function launchChromium(path: string): Promise<Browser> {
  // Required here, so that only runs that open a browser load playwright-core.
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  return chromium.launch({ executablePath: path, headless: true, args: CHROMIUM_ARGS });
}
