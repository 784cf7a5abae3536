import { defineConfig } from "@playwright/test";

/*
 * Run after `pulumi up` of this folder's stack: the global setup reads its links, and each
 * worker signs in once as a role of its own (fixtures.ts). No Clerk key is needed here.
 */
export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  fullyParallel: true,
  // One worker per role of the stack (testUsers): at most that many, since a link signs in once.
  workers: 2,
  use: {
    // A browser of your own (Debian's chromium: /usr/bin/chromium); unset, Playwright's own.
    launchOptions: { executablePath: process.env.CHROMIUM_PATH, args: ["--disable-gpu", "--disable-quic"] },
    // Traces and videos record the addresses a test opens; a sign-in link is one.
    trace: "off",
    video: "off",
  },
});
