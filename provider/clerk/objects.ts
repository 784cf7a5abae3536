/*
 * The Backend API objects the provider reads, as plain types (`bapi-2026-05-12.yml`). The
 * zod schemas in schemas.ts check answers against them; these types are what the rest of
 * the code and the package's public declarations see, so that a program type-checking
 * against this package never reaches into zod's declarations.
 */

/** The SignInToken object's `status`. */
export const SIGN_IN_TOKEN_STATUSES = ["pending", "accepted", "revoked"] as const;
export type SignInTokenStatus = (typeof SIGN_IN_TOKEN_STATUSES)[number];

/** `#/components/schemas/SignInToken` */
export interface SignInTokenObject {
  object: "sign_in_token";
  id: string;
  status: SignInTokenStatus;
  user_id: string;
  token?: string;
  url?: string | null;
  /** Unix time in milliseconds. */
  created_at: number;
  updated_at: number;
}

/** The parts of `#/components/schemas/User` that we read. */
export interface UserObject {
  object: "user";
  id: string;
  email_addresses: Array<{ email_address: string }>;
}
