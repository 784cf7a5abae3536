import { ClerkConfigError } from "./errors";
import { CLERK_RATE_LIMIT_PER_10S, instanceKindOf, SECRET_KEY_PATTERN, SECRET_KEY_RULE } from "./secret-key";

/** What a ClerkClient needs: the key, where the Backend API is, and how long and how often to try. */
export interface ClerkSettings {
  secretKey: string;
  /** API base without a trailing slash, e.g. `https://api.clerk.com/v1`. */
  apiUrl: string;
  /** Time allowed for one HTTP attempt, in milliseconds. */
  requestTimeoutMs: number;
  /** Time allowed for one API call with all its retries, in milliseconds. */
  deadlineMs: number;
  /**
   * Attempts per API call, the first included. Default: no cap (Infinity), so that
   * `deadlineMs` decides how long an outage is ridden out.
   */
  maxAttempts: number;
  /**
   * Requests this process starts per 10 s for this key; default Clerk's limit of the key's
   * instance (100 development, 1000 production). The pacer adds its margin in time.
   */
  requestsPer10Seconds: number;
  /**
   * How the user names the key and the URL, where they came from (`CLERK_API_URL`,
   * `clerk:secretKey`): error messages name them. Default: the field names.
   */
  from?: { secretKey: string; apiUrl: string };
}

export const DEFAULT_API_URL = "https://api.clerk.com/v1";
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_DEADLINE_MS = 120_000;
export const DEFAULT_MAX_ATTEMPTS = Number.POSITIVE_INFINITY;
/** Node's timers hold at most 2^31 − 1 ms (about 24.8 days); a longer wait fires at once. */
export const MAX_MILLISECONDS = 2 ** 31 - 1;

export type SettingName = Exclude<keyof ClerkSettings, "from">;

/** One setting as the caller found it: its text, and where it came from (named in errors). */
export interface FoundSetting {
  value: string;
  from: string;
}

/**
 * Settings from text, checked, with defaults filled in. Throws `ClerkConfigError` naming
 * where a bad value came from, and never echoing a key: nothing is sent before this passes.
 */
export function parseClerkSettings(found: Partial<Record<SettingName, FoundSetting>>): ClerkSettings {
  const secretKey = parseSecretKey(found.secretKey);
  const apiUrl = parseApiUrl(found.apiUrl);
  return {
    secretKey: secretKey.value,
    apiUrl: apiUrl.value,
    requestTimeoutMs: parseWholeNumber(found.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS, MAX_MILLISECONDS),
    deadlineMs: parseWholeNumber(found.deadlineMs, DEFAULT_DEADLINE_MS, MAX_MILLISECONDS),
    maxAttempts: parseWholeNumber(found.maxAttempts, DEFAULT_MAX_ATTEMPTS, Number.MAX_SAFE_INTEGER),
    requestsPer10Seconds: parseWholeNumber(
      found.requestsPer10Seconds,
      CLERK_RATE_LIMIT_PER_10S[instanceKindOf(secretKey.value)],
      Number.MAX_SAFE_INTEGER,
    ),
    from: { secretKey: secretKey.from, apiUrl: apiUrl.from },
  };
}

function parseSecretKey(found: FoundSetting | undefined): FoundSetting {
  if (found === undefined) throw new ClerkConfigError("secretKey", "No Clerk secret key is set.");
  const key = found.value.trim();
  // Never echo the value: even a malformed key may be a real secret pasted into the wrong place.
  if (!SECRET_KEY_PATTERN.test(key)) {
    throw new ClerkConfigError(
      found.from,
      `${found.from} is not a Clerk secret key: ${SECRET_KEY_RULE}` +
        ` (copy it from the Clerk Dashboard, API Keys). Publishable keys ("pk_…") do not work here.`,
    );
  }
  return { value: key, from: found.from };
}

/** 127.0.0.0/8, localhost or [::1]: where plain HTTP cannot leave the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

function parseApiUrl(found: FoundSetting | undefined): FoundSetting {
  if (found === undefined) return { value: DEFAULT_API_URL, from: "apiUrl" };
  let url: URL;
  try {
    url = new URL(found.value.trim());
  } catch {
    throw new ClerkConfigError(
      found.from,
      `${found.from} is not a valid URL. Set it to Clerk's Backend API base, e.g. ${DEFAULT_API_URL}, or unset it.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ClerkConfigError(found.from, `${found.from} must be an https:// URL (got a ${url.protocol} URL).`);
  }
  // Plain HTTP would send the secret key in clear text; allow it only where it cannot leave
  // the machine (the emulator, a local proxy).
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ClerkConfigError(
      found.from,
      `${found.from} uses http:// for a host that is not loopback; the secret key would travel unencrypted.` +
        ` Use https://, or http:// only with 127.0.0.1, localhost or [::1].`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ClerkConfigError(found.from, `${found.from} must be a plain base URL without credentials, query or fragment.`);
  }
  return { value: url.toString().replace(/\/+$/, ""), from: found.from };
}

function parseWholeNumber(found: FoundSetting | undefined, fallback: number, max: number): number {
  if (found === undefined) return fallback;
  const value = Number(found.value);
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? "≥ 1" : `from 1 to ${max}`;
    throw new ClerkConfigError(found.from, `${found.from} must be a whole number ${range} (got "${found.value}").`);
  }
  return value;
}
