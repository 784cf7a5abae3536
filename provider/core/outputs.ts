import type { SignInTokenStatus } from "../clerk/objects";
import type { MintedSignInToken } from "../clerk/sign-in-tokens";
import type { ResolvedInputs } from "./inputs";

/** What the provider stores for a ticket: the inputs, plus what Clerk answered. */
export interface SignInTokenOutputs extends ResolvedInputs {
  /** The user the ticket signs in; resolved from `userEmail` when that was given. */
  userId: string;
  /** Clerk's status when the ticket was minted; Clerk cannot be asked again. */
  status: SignInTokenStatus;
  /** The ticket (a JWT). Secret. */
  token: string;
  /**
   * The sign-in link with the ticket replaced by `{token}`: not secret. Stored instead of
   * the link itself, which would store the ticket a second time (the link carries it).
   */
  urlTemplate?: string;
  /** The sign-in link, secret: stored only when it does not carry the ticket as is, and by 0.1.0. */
  url?: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601; Clerk returns no expiry, so this is created + expiresInSeconds. */
  expiresAt: string;
}

/** Where the ticket stands in `urlTemplate`. Braces cannot appear in a URL unencoded. */
const TOKEN_PLACEHOLDER = "{token}";

export function toOutputs(inputs: ResolvedInputs, userId: string, created: MintedSignInToken): SignInTokenOutputs {
  const carriesTicketOnce = created.url.split(created.token).length === 2 && !created.url.includes(TOKEN_PLACEHOLDER);
  return {
    ...inputs,
    userId,
    status: created.status,
    token: created.token,
    ...(carriesTicketOnce ? { urlTemplate: created.url.replace(created.token, TOKEN_PLACEHOLDER) } : { url: created.url }),
    createdAt: new Date(created.created_at).toISOString(),
    expiresAt: new Date(created.created_at + inputs.expiresInSeconds * 1000).toISOString(),
  };
}

/** The sign-in link of stored outputs: stored as is, or made from the template and the ticket. */
export function signInUrl(outputs: { url?: string; urlTemplate?: string; token?: string }): string | undefined {
  if (outputs.url !== undefined && outputs.url !== null) return outputs.url;
  if (outputs.urlTemplate === undefined || outputs.urlTemplate === null || outputs.token === undefined) return undefined;
  return outputs.urlTemplate.replace(TOKEN_PLACEHOLDER, outputs.token);
}

/**
 * True from `expiresAt − renewBeforeSeconds` on: `up` replaces such a ticket. A missing or
 * unreadable `expiresAt` counts as due: an expired ticket must never be reported as fine.
 */
export function isInRenewalWindow(outputs: Partial<SignInTokenOutputs>, now: number = Date.now()): boolean {
  const expiresAt = typeof outputs.expiresAt === "string" ? Date.parse(outputs.expiresAt) : NaN;
  if (Number.isNaN(expiresAt)) return true;
  const renewBefore = typeof outputs.renewBeforeSeconds === "number" ? outputs.renewBeforeSeconds : 0;
  return now >= expiresAt - renewBefore * 1000;
}

/** True once the ticket no longer works (or its expiry cannot be read). */
export function isExpired(outputs: Partial<SignInTokenOutputs>, now: number = Date.now()): boolean {
  return isInRenewalWindow({ expiresAt: outputs.expiresAt, renewBeforeSeconds: 0 }, now);
}
