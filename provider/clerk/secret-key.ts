/*
 * What the client knows of Clerk's secret keys: the shape of a key, what kind of instance
 * it belongs to, and that instance's rate limit. The emulator keeps its own account of
 * the same facts (emulator/clerk/facts.ts); tests/contract/clerk-facts.test.ts holds both
 * against each other and against Clerk's contract.
 */

/** A Clerk secret key: `sk_test_…` for a development instance, `sk_live_…` for a production one. */
export const SECRET_KEY_PATTERN = /^sk_(test|live)_\S+$/;

/** What a message says when a value is not a secret key. */
export const SECRET_KEY_RULE = 'it must start with "sk_test_" or "sk_live_"';

export type InstanceKind = "development" | "production";

export function isSecretKey(value: unknown): value is string {
  return typeof value === "string" && SECRET_KEY_PATTERN.test(value);
}

export function instanceKindOf(secretKey: string): InstanceKind {
  return secretKey.startsWith("sk_live_") ? "production" : "development";
}

/** Clerk's Backend API limit: requests per 10 s per instance. */
export const CLERK_RATE_LIMIT_PER_10S: Readonly<Record<InstanceKind, number>> = { development: 100, production: 1000 };

/** The text with anything shaped like a secret key replaced by `sk_***`. */
export function redactSecretKeys(text: string): string {
  return text.replace(/sk_(test|live)_\S+/g, "sk_***");
}
