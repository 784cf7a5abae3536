import type { DiffResult } from "@pulumi/pulumi/dynamic";
import { DEFAULT_EXPIRES_IN_SECONDS, INPUT_NAMES } from "./inputs";
import { isInRenewalWindow } from "./outputs";

type Props = Record<string, unknown>;

/**
 * Inputs that shape the ticket. Clerk tickets are immutable, so a change to any of them
 * mints a new ticket. `renewBeforeSeconds` is absent on purpose: it only says when to
 * renew, so it updates in place.
 */
const REPLACING = INPUT_NAMES.filter((name) => name !== "renewBeforeSeconds");

/**
 * Compares the stored outputs (`olds`) with the checked new inputs (`news`).
 *
 * The stored provider (`__provider`) is not compared. Since 0.2 it is a reference to the
 * installed package, the same text in every version, so there is nothing to keep current;
 * a state written by 0.1.0 holds that version's code, which still works through the files
 * it requires (see provider/legacy.test.ts) and is replaced at the ticket's next real
 * update. Comparing it would show an update naming no property after every upgrade.
 *
 * A ticket past `expiresAt − renewBeforeSeconds` is replaced even when nothing changed, so
 * a plain `up` renews it.
 */
export function diffSignInToken(olds: Props, news: Props, now: number = Date.now()): DiffResult {
  if (olds.expiresAt !== undefined && isInRenewalWindow(olds, now)) {
    return { changes: true, replaces: ["expiresAt"], deleteBeforeReplace: false };
  }
  const replaces = REPLACING.filter((name) => {
    // With userEmail, userId is an output resolved from it, not an input to compare.
    if (name === "userId" && news.userEmail !== undefined && news.userEmail !== null) return false;
    return !sameValue(normalized(olds, name), normalized(news, name));
  });
  if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: false };
  return { changes: !sameValue(normalized(olds, "renewBeforeSeconds"), normalized(news, "renewBeforeSeconds")) };
}

/** States written by older versions may lack defaults; compare as if they had them. */
function normalized(props: Props, name: string): unknown {
  const value = props[name];
  if (value === undefined || value === null) {
    if (name === "expiresInSeconds") return DEFAULT_EXPIRES_IN_SECONDS;
    if (name === "renewBeforeSeconds") return 0;
    return undefined;
  }
  return value;
}

/** Structural equality for JSON-like values; key order does not matter. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).filter((k) => (a as Props)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Props)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Props)[k], (b as Props)[k]));
}
