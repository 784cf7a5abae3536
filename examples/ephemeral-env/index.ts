/**
 * Logged-in test users for an ephemeral environment (a preview deployment per pull
 * request, a test stack per pipeline run): one sign-in ticket per role, with the login
 * URLs exported as Pulumi secrets for the test runner to pick up.
 *
 *   pulumi config set --path 'testUsers.admin' user_2abc
 *   pulumi config set --path 'testUsers.viewer' user_2def
 *   pulumi config set ticketLifetimeSeconds 3600      # optional, default 1 day
 *   pulumi up
 *   pulumi stack output loginUrls --show-secrets
 */
import * as pulumi from "@pulumi/pulumi";
import { SignInToken } from "pulumi-clerk-sign-in-tokens";

const config = new pulumi.Config();
/** Role name → Clerk user id. */
const testUsers = config.requireObject<Record<string, string>>("testUsers");
const lifetime = config.getNumber("ticketLifetimeSeconds") ?? 24 * 60 * 60;

const tickets = Object.entries(testUsers).map(
  ([role, userId]) => [role, new SignInToken(`${role}-login`, { userId, expiresInSeconds: lifetime })] as const,
);

/** Role → one-time login URL (secret). */
export const loginUrls = Object.fromEntries(tickets.map(([role, ticket]) => [role, ticket.url]));
/** Role → when the ticket stops working. */
export const expiresAt = Object.fromEntries(tickets.map(([role, ticket]) => [role, ticket.expiresAt]));
