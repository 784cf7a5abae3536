import * as pulumi from "@pulumi/pulumi";
import { ClerkInputError } from "./errors";
import { INPUT_NAMES, type SignInTokenArgs } from "./inputs";

/*
 * A cast of users, one ticket each: the checks of a `SignInTokens` users map and defaults,
 * and how an entry and the defaults make one ticket's inputs. Shared by the component of
 * TypeScript programs (dynamic/sign-in-tokens.ts) and the provider plugin's (plugin/).
 */
/**
 * One user of a `SignInTokens` set: the `SignInToken` inputs, each optional but the user;
 * its `triggers` are merged over `defaults.triggers`, its keys winning.
 */
export type SignInTokensUser = SignInTokenArgs;

/** Settings every user of the set gets unless its own entry says otherwise. */
export type SignInTokensDefaults = Pick<SignInTokenArgs, "expiresInSeconds" | "orgId" | "renewBeforeSeconds" | "triggers">;

/** What a Pulumi program passes to `new SignInTokens(...)`. */
export interface SignInTokensArgs {
  /**
   * Key (a role, e.g. `admin`) → the user id, or the user's settings. A plain object
   * written in the program: its keys name the tickets, so they must be known before
   * anything is deployed. The values may be Outputs.
   */
  users: Record<string, pulumi.Input<string> | SignInTokensUser>;
  defaults?: SignInTokensDefaults;
}

/** The type token of the `SignInTokens` component, in TypeScript programs and through the plugin alike. */
export const SIGN_IN_TOKENS_TYPE = "clerk:index:SignInTokens";

/** A user entry takes exactly the SignInToken inputs. */
const USER_KEYS: ReadonlyArray<keyof SignInTokensUser> = INPUT_NAMES;
export const CAST_DEFAULT_KEYS: ReadonlyArray<keyof SignInTokensDefaults> = ["expiresInSeconds", "orgId", "renewBeforeSeconds", "triggers"];

/**
 * The users map, checked: it must be a plain object (not an Output or a Promise), since
 * its keys decide which child resources the program declares, and each entry a user id
 * or an object of known settings.
 */
export function plainUsers(name: string, users: unknown): Record<string, pulumi.Input<string> | SignInTokensUser> {
  if (isDeferred(users)) {
    throw new ClerkInputError(
      "users",
      `SignInTokens "${name}": users must be a plain object written in the program ({ admin: "user_…", … }), not a ` +
        `pulumi.Output or a Promise. Its keys name one SignInToken each, and Pulumi must know them before anything is ` +
        `deployed. The values may be Outputs ({ admin: otherResource.userId }); to take the whole list from ` +
        `elsewhere, read it with plain code, e.g. from stack config (new pulumi.Config().requireObject("testUsers") in TypeScript).`,
    );
  }
  if (!isPlainObject(users)) {
    throw new ClerkInputError(
      "users",
      `SignInTokens "${name}": users must be an object of key → user id or user settings, got ${kindOf(users)}.`,
    );
  }
  for (const [key, entry] of Object.entries(users)) {
    if (key.trim() === "" || key.includes("::")) {
      throw new ClerkInputError(
        `users.${key}`,
        `SignInTokens "${name}": users key ${JSON.stringify(key)} cannot name a resource (empty, or contains "::").`,
      );
    }
    if (typeof entry === "string" || isDeferred(entry)) continue;
    if (!isPlainObject(entry)) {
      throw new ClerkInputError(
        `users.${key}`,
        `SignInTokens "${name}": users.${key} must be a user id or an object of settings, got ${kindOf(entry)}.`,
      );
    }
    const unknown = Object.keys(entry).filter((k) => !(USER_KEYS as readonly string[]).includes(k));
    if (unknown.length > 0) {
      throw new ClerkInputError(
        `users.${key}`,
        `SignInTokens "${name}": users.${key} has unknown setting(s) ${unknown.join(", ")}; known: ${USER_KEYS.join(", ")}.`,
      );
    }
  }
  return users as Record<string, pulumi.Input<string> | SignInTokensUser>;
}

export function plainDefaults(name: string, defaults: unknown): SignInTokensDefaults {
  if (defaults === undefined || defaults === null) return {};
  if (isDeferred(defaults) || !isPlainObject(defaults)) {
    throw new ClerkInputError(
      "defaults",
      `SignInTokens "${name}": defaults must be a plain object (its values may be Outputs), got ${kindOf(defaults)}.`,
    );
  }
  const unknown = Object.keys(defaults).filter((k) => !(CAST_DEFAULT_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new ClerkInputError(
      "defaults",
      `SignInTokens "${name}": defaults has unknown setting(s) ${unknown.join(", ")}; known: ${CAST_DEFAULT_KEYS.join(", ")}.`,
    );
  }
  return defaults as SignInTokensDefaults;
}

/** The child's inputs: the entry's settings over the defaults; triggers merged key by key. */
export function castMemberArgs(defaults: SignInTokensDefaults, entry: pulumi.Input<string> | SignInTokensUser): SignInTokenArgs {
  const user: SignInTokensUser =
    typeof entry === "string" || isDeferred(entry) ? { userId: entry as pulumi.Input<string> } : (entry as SignInTokensUser);
  return {
    userId: user.userId,
    userEmail: user.userEmail,
    expiresInSeconds: user.expiresInSeconds ?? defaults.expiresInSeconds,
    orgId: user.orgId ?? defaults.orgId,
    renewBeforeSeconds: user.renewBeforeSeconds ?? defaults.renewBeforeSeconds,
    triggers: mergeTriggers(defaults.triggers, user.triggers),
  };
}

type Triggers = pulumi.Input<Record<string, pulumi.Input<unknown>>>;

function mergeTriggers(base: Triggers | undefined, own: Triggers | undefined): Triggers | undefined {
  if (base === undefined || base === null) return own;
  if (own === undefined || own === null) return base;
  if (isPlainObject(base) && isPlainObject(own)) return { ...base, ...own };
  return pulumi.all([base, own]).apply(([b, o]) => ({ ...b, ...o }));
}

function isDeferred(value: unknown): boolean {
  return (
    pulumi.Output.isInstance(value) ||
    (typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function")
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object that is not plain" : `a ${typeof value}`;
}
