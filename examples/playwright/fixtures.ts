import { existsSync } from "node:fs";
import { join } from "node:path";
import { test as base, expect } from "@playwright/test";
import { AUTH_DIR, type Login, readStackLogins, type StackLogins } from "./stack-file";

/*
 * One role per worker, signed in once: Playwright's "one account per parallel worker"
 * pattern (playwright.dev/docs/auth) with the stack's single-use links. The worker whose
 * parallelIndex is i takes the i-th role, opens that role's link once in a page of its own,
 * waits until the app shows it signed in, and keeps the context's storage state (Clerk's
 * cookies) for every test it runs. A worker restarted after a failure has the same
 * parallelIndex and reuses the state saved on disk: the link, used already, would be refused.
 */

type WorkerFixtures = {
  /** The app's sign-in page and every role's link, as the global setup wrote them. */
  stack: StackLogins;
  /** This worker's role. */
  login: Login;
  workerStorageState: string;
};

export const test = base.extend<Record<never, never>, WorkerFixtures>({
  stack: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter
    async ({}, use) => use(readStackLogins()),
    { scope: "worker" },
  ],

  login: [
    async ({ stack }, use, workerInfo) => {
      const login = stack.logins[workerInfo.parallelIndex];
      if (login === undefined) {
        throw new Error(
          `worker ${workerInfo.parallelIndex} has no role: the stack has ${stack.logins.length}; run at most that many workers`,
        );
      }
      await use(login);
    },
    { scope: "worker" },
  ],

  workerStorageState: [
    async ({ browser, login }, use) => {
      const file = join(AUTH_DIR, `${login.role}.json`);
      if (!existsSync(file)) {
        const page = await browser.newPage({ storageState: undefined });
        try {
          await signIn(page, login);
          await page.context().storageState({ path: file });
        } finally {
          await page.context().close();
        }
      }
      await use(file);
    },
    { scope: "worker" },
  ],

  // Every test's context starts from the worker's signed-in state.
  storageState: ({ workerStorageState }, use) => use(workerStorageState),
});

/**
 * Opens the role's link and waits until the app says who is signed in. Replace the last
 * step with what your app shows once signed in (a user button, a redirect). Playwright's
 * errors quote the address being opened, which carries the ticket: rethrown without it.
 */
async function signIn(page: import("@playwright/test").Page, login: Login): Promise<void> {
  try {
    await page.goto(login.link);
  } catch (err) {
    throw new Error(
      `opening ${login.role}'s sign-in link failed: ${String((err as Error).message)
        .split(login.link)
        .join("<link>")}`,
    );
  }
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${login.userId}`);
}

export { expect };
