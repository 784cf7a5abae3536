import { expect, test } from "../fixtures";

// Each test runs in a fresh context made from its worker's storage state: signed in as the
// worker's role without touching its link again.

test("the app shows the worker's user signed in", async ({ page, stack, login }) => {
  await page.goto(stack.signInPage);
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${login.userId}`);
});

test("a later test of the same worker is signed in too", async ({ page, stack, login }) => {
  await page.goto(stack.signInPage);
  await expect(page.getByTestId("user-id")).toHaveText(login.userId);
});

test("the session is in Clerk's cookie, not in the address", async ({ page, context, stack }) => {
  await page.goto(stack.signInPage);
  await expect(page.getByTestId("signed-in")).toBeVisible();
  expect(new URL(page.url()).search).toBe("");
  expect((await context.cookies()).map((cookie) => cookie.name)).toContain("__client");
});

test("every role has a worker of its own", async ({ page, stack, login }, testInfo) => {
  expect(stack.logins.map((l) => l.role).indexOf(login.role)).toBe(testInfo.parallelIndex);
  await page.goto(stack.signInPage);
  await expect(page.getByTestId("signed-in-as")).toContainText(login.userId);
});
