import type { ZodType } from "zod";
import { SIGN_IN_TOKEN_STATUSES, type SignInTokenObject, type UserObject } from "./objects";

/*
 * Zod schemas for the Backend API answers we use, from bapi-2026-05-12.yml.
 *
 * Built on first use, not at module load: zod is loaded only when a request needs it, not
 * by every program that imports the package.
 *
 * Unknown properties are dropped rather than refused although the contract says
 * `additionalProperties: false`: Clerk ships additive fields without a new API version,
 * and a new field must not break `pulumi destroy`.
 */

function zod(): typeof import("zod") {
  return require("zod") as typeof import("zod");
}

const built: { signInToken?: ZodType<SignInTokenObject>; userList?: ZodType<UserObject[]> } = {};

/** `#/components/schemas/SignInToken` */
export function signInTokenSchema(): ZodType<SignInTokenObject> {
  return (built.signInToken ??= buildSignInTokenSchema());
}

function buildSignInTokenSchema(): ZodType<SignInTokenObject> {
  const { z } = zod();
  return z.object({
    object: z.literal("sign_in_token"),
    id: z.string().min(1),
    status: z.enum(SIGN_IN_TOKEN_STATUSES),
    user_id: z.string().min(1),
    token: z.string().min(1).optional(),
    url: z.string().nullable().optional(),
    // Unix time in milliseconds.
    created_at: z.number().int(),
    updated_at: z.number().int(),
  });
}

/** The parts of `#/components/schemas/User` that we read. */
function userSchema(): ZodType<UserObject> {
  const { z } = zod();
  return z.object({
    object: z.literal("user"),
    id: z.string().min(1),
    email_addresses: z.array(z.object({ email_address: z.string() })),
  });
}

/** `#/components/responses/User.List` */
export function userListSchema(): ZodType<UserObject[]> {
  return (built.userList ??= buildUserListSchema());
}

function buildUserListSchema(): ZodType<UserObject[]> {
  const { z } = zod();
  return z.array(userSchema());
}
