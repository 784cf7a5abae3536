/**
 * One Clerk sign-in ticket per test role, each as a link into the app's own sign-in page,
 * for Playwright's workers to start signed in (playwright.config.ts, fixtures.ts).
 *
 *   pulumi config set signInPage https://pr-42.preview.example.com/sign-in
 *   pulumi config set --path testUsers.admin user_2abc
 *   pulumi config set --path testUsers.viewer user_2def
 *   TEST_RUN_ID=$GITHUB_RUN_ID-$GITHUB_RUN_ATTEMPT CLERK_SECRET_KEY=sk_test_… pulumi up
 *   CHROMIUM_PATH=/usr/bin/chromium npx playwright test   # no Clerk key here
 */
import * as pulumi from "@pulumi/pulumi";
import { SignInTokens } from "pulumi-clerk-sign-in-tokens";

const config = new pulumi.Config();
/** The app's page with Clerk's <SignIn/> on it, in the environment under test. */
const signInPage = config.require("signInPage");

const logins = new SignInTokens("playwright", {
  /** Role → Clerk user id; Playwright's workers take one role each, in key order. */
  users: config.requireObject<Record<string, string>>("testUsers"),
  defaults: {
    expiresInSeconds: config.getNumber("ticketLifetimeSeconds") ?? 3600,
    // A link signs in once: a new test run needs new tickets, and a new run id mints them
    // (the previous ones are revoked).
    triggers: { run: process.env.TEST_RUN_ID ?? "none" },
  },
});

/** Role → the sign-in page with that role's ticket. One secret map. */
export const signInLinks = logins.linksTo(signInPage);
/** Role → the user a link signs in, for the tests to check. */
export const userIds = pulumi.all(Object.fromEntries(Object.entries(logins.tokens).map(([role, token]) => [role, token.userId])));
export const appSignInPage = signInPage;
