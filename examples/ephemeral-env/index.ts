/**
 * Logged-in test users for an ephemeral environment (a preview deployment per pull
 * request, a test stack per pipeline run): one sign-in ticket per role, with the login
 * URLs exported as a Pulumi secret for the test runner to pick up.
 *
 *   pulumi config set --path 'testUsers.admin' user_2abc
 *   pulumi config set --path 'testUsers.viewer' user_2def
 *   pulumi config set ticketLifetimeSeconds 3600      # optional, default 1 day
 *   pulumi up
 *   pulumi stack output loginUrls --show-secrets
 */
import * as pulumi from "@pulumi/pulumi";
import { SignInTokens } from "pulumi-clerk-sign-in-tokens";

const config = new pulumi.Config();

const logins = new SignInTokens("login", {
  /** Role name → Clerk user id. */
  users: config.requireObject<Record<string, string>>("testUsers"),
  defaults: { expiresInSeconds: config.getNumber("ticketLifetimeSeconds") ?? 24 * 60 * 60 },
});

/** Role → one-time login URL (one secret map). */
export const loginUrls = logins.urls;
/** Role → when the ticket stops working at the latest. */
export const expiresAt = logins.expiresAt;
