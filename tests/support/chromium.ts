import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { chromiumPath, isExecutable, launchChromium as launchAt, missingChromiumMessage } from "../../scripts/lib/chromium";
import { REPO_ROOT } from "./serialized-provider";

/**
 * The browser tests' Chromium (CHROMIUM_PATH, else Debian's /usr/bin/chromium). Throws,
 * naming the install, when it is not there: a browser test must never pass by skipping
 * itself on a machine that lacks the browser.
 */
export function requireChromium(path = chromiumPath()): string {
  if (!isExecutable(path)) throw new Error(`${missingChromiumMessage(path)} The browser tests need it.`);
  return path;
}

export function launchChromium(): Promise<Browser> {
  return launchAt(requireChromium());
}

/** test-artifacts/<name> under the repo (git-ignored): screenshots a run keeps for people to look at. */
export function artifactsDir(name: string): string {
  const dir = join(REPO_ROOT, "test-artifacts", name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
