import type * as pulumi from "@pulumi/pulumi";
import { CLERK_DEFAULT_EXPIRES_IN_SECONDS } from "../clerk/sign-in-tokens";

/** What a Pulumi program passes to `new SignInToken(...)`. */
export interface SignInTokenArgs {
  /** The Clerk user the ticket signs in (`user_…`). Give this or `userEmail`. */
  userId?: pulumi.Input<string>;
  /** Look the user up by email address instead (exactly one user must hold it). */
  userEmail?: pulumi.Input<string>;
  /** Lifetime of the ticket in seconds; Clerk's default is 30 days. */
  expiresInSeconds?: pulumi.Input<number>;
  /** The organization to activate when the user signs in (`org_…`). */
  orgId?: pulumi.Input<string>;
  /**
   * Mint a new ticket this many seconds before the current one expires: from then on
   * `pulumi up` replaces it (previews and `pulumi refresh` change nothing). Default 0.
   */
  renewBeforeSeconds?: pulumi.Input<number>;
  /** Any values; a change mints a new ticket (e.g. the commit SHA, for one ticket per run). */
  triggers?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
}

/** The inputs after `check`: defaults filled in, all known. */
export interface ResolvedInputs {
  userId?: string;
  userEmail?: string;
  expiresInSeconds: number;
  orgId?: string;
  renewBeforeSeconds: number;
  triggers?: Record<string, unknown>;
}

/** Input property names, in the order `diff` reports them. */
export const INPUT_NAMES = ["userId", "userEmail", "expiresInSeconds", "orgId", "renewBeforeSeconds", "triggers"] as const;

/** When `expiresInSeconds` is not given: Clerk's own default, 30 days. */
export const DEFAULT_EXPIRES_IN_SECONDS = CLERK_DEFAULT_EXPIRES_IN_SECONDS;
