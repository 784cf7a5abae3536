/*
 * What the emulator knows of Clerk, written from Clerk's documentation and its Backend API
 * contract (contract/bapi-2026-05-12.yml), and from nowhere else: never from the client the
 * emulator exists to check, or a wrong fact there could never fail a test. A leaf module.
 * tests/contract/clerk-facts.test.ts holds these facts, the client's and the contract's
 * against each other.
 */

/**
 * A secret key: `sk_<environment>_<secret value>` (the contract's bearerAuth `bearerFormat`),
 * the environment being `test` for a development instance and `live` for a production one
 * (clerk.com/docs, "API keys" in the Dashboard).
 */
const SECRET_KEY_FORMAT = /^sk_(test|live)_(\S+)$/;

export type InstanceKind = "development" | "production";

const INSTANCE_OF_ENVIRONMENT: Readonly<Record<string, InstanceKind>> = { test: "development", live: "production" };

/** The instance a secret key belongs to; undefined when the value is not a secret key. */
export function instanceKindOfKey(value: unknown): InstanceKind | undefined {
  if (typeof value !== "string") return undefined;
  const environment = SECRET_KEY_FORMAT.exec(value)?.[1];
  return environment === undefined ? undefined : INSTANCE_OF_ENVIRONMENT[environment];
}

export function isSecretKey(value: unknown): value is string {
  return instanceKindOfKey(value) !== undefined;
}

/** The key's `sk_<environment>_` prefix and the secret value after it. */
export function splitSecretKey(value: string): { prefix: string; secret: string } | undefined {
  const match = SECRET_KEY_FORMAT.exec(value);
  return match === null ? undefined : { prefix: `sk_${match[1]}_`, secret: match[2] as string };
}

/**
 * The Backend API's rate limit, per instance: "1000 requests per 10 seconds for production
 * instances and 100 requests per 10 seconds for development instances" (the contract, and
 * clerk.com/docs/guides/how-clerk-works/system-limits).
 */
export const RATE_LIMITS: Readonly<Record<InstanceKind, { requests: number; windowSeconds: number }>> = {
  development: { requests: 100, windowSeconds: 10 },
  production: { requests: 1000, windowSeconds: 10 },
};

/** The SignInToken object's `status` (the contract's enum). */
export const SIGN_IN_TOKEN_STATUSES = ["pending", "accepted", "revoked"] as const;

/** CreateSignInToken's `expires_in_seconds` default: 30 days (the contract). */
export const DEFAULT_EXPIRES_IN_SECONDS = 2_592_000;

/** The Session object's `status` (the contract's enum). */
export const SESSION_STATUSES = ["active", "revoked", "ended", "expired", "removed", "abandoned", "replaced", "pending"] as const;

/**
 * A session's maximum lifetime, Clerk's default for new instances: "By default, this setting
 * is enabled with a default value of 7 days" (clerk.com/docs/authentication/configuration/
 * session-options, "Maximum lifetime").
 */
export const SESSION_MAXIMUM_LIFETIME_SECONDS = 604_800;

/**
 * The cookie in which Clerk's Frontend API keeps a browser's Client (its sign-in state):
 * `__client`, HTTP-only, a long-lived client token that "lasts 7 days by default"
 * (clerk.com/docs/how-clerk-works/overview, "The `__client` cookie").
 */
export const CLIENT_COOKIE = { name: "__client", maxAgeSeconds: 604_800 } as const;

/**
 * Where Clerk's prebuilt `<SignIn/>` component reads a sign-in ticket from on the app's
 * sign-in page: the `__clerk_ticket` query parameter, removed from the address bar once the
 * sign-in completes (clerk-js: getClerkQueryParam / removeClerkQueryParam, which calls
 * history.replaceState).
 */
export const TICKET_QUERY_PARAMETER = "__clerk_ticket";

/** The strategy a sign-in with a sign-in token uses: "ticket" (the contract's Sign-in Tokens tag). */
export const TICKET_STRATEGY = "ticket";
