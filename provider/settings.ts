import { ClerkConfigError } from "./clerk/errors";
import { CLERK_RATE_LIMIT_PER_10S, instanceKindOf, SECRET_KEY_PATTERN, SECRET_KEY_RULE } from "./clerk/secret-key";

/**
 * Where the provider's settings come from. Stack config wins over the environment so a
 * stack can point at its own Clerk instance even when the shell exports another key.
 *
 * Settings are resolved when a provider method runs, never when the program builds the
 * resource, so the state can never hold the key.
 */
export interface SettingsSource {
  /** Stack config, namespaced (`clerk:secretKey`); undefined values when not set. */
  config?: (key: string) => string | undefined;
  env: NodeJS.ProcessEnv;
}

export interface ClerkSettings {
  secretKey: string;
  /** API base without a trailing slash, e.g. `https://api.clerk.com/v1`. */
  apiUrl: string;
  /** Time allowed for one HTTP attempt, in milliseconds. */
  requestTimeoutMs: number;
  /** Time allowed for one API call with all its retries, in milliseconds. */
  deadlineMs: number;
  /** Attempts per API call, the first included. */
  maxAttempts: number;
  /**
   * Requests this process starts per 10 s for this key; default Clerk's limit of the key's
   * instance (100 development, 1000 production). The pacer adds its margin in time.
   */
  requestsPer10Seconds: number;
  /**
   * Where the key and the URL came from, as the user spells it (`clerk:secretKey`,
   * `CLERK_API_URL`, or `default`): error messages name it. Absent in settings made by hand.
   */
  from?: { secretKey: string; apiUrl: string };
}

export const DEFAULT_API_URL = "https://api.clerk.com/v1";
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_DEADLINE_MS = 120_000;
export const DEFAULT_MAX_ATTEMPTS = 8;
/** Node's timers hold at most 2^31 − 1 ms (about 24.8 days); a longer wait fires at once. */
export const MAX_MILLISECONDS = 2 ** 31 - 1;

interface Setting {
  config: string;
  env: string;
}

const SECRET_KEY: Setting = { config: "clerk:secretKey", env: "CLERK_SECRET_KEY" };
const API_URL: Setting = { config: "clerk:apiUrl", env: "CLERK_API_URL" };
const REQUEST_TIMEOUT: Setting = { config: "clerk:requestTimeoutMs", env: "CLERK_REQUEST_TIMEOUT_MS" };
const DEADLINE: Setting = { config: "clerk:deadlineMs", env: "CLERK_DEADLINE_MS" };
const MAX_ATTEMPTS: Setting = { config: "clerk:maxAttempts", env: "CLERK_MAX_ATTEMPTS" };
const RATE: Setting = { config: "clerk:requestsPer10Seconds", env: "CLERK_REQUESTS_PER_10_SECONDS" };

/** Stack config keys the provider reads; only these are kept from `configure`. */
export const CONFIG_KEYS: readonly string[] = [SECRET_KEY, API_URL, REQUEST_TIMEOUT, DEADLINE, MAX_ATTEMPTS, RATE].map((s) => s.config);

/**
 * Said with every error a change of settings can cause. The provider gets the stack config
 * the engine hands it: for `destroy` and `refresh` that is the config recorded at the last
 * `pulumi up`, not the current one; the environment is always the current one.
 */
export const LAST_UP_ADVICE =
  "`pulumi destroy` and `pulumi refresh` use the stack config (clerk:*) of the last `pulumi up`:" +
  " if you changed it since, run `pulumi up` first, or `pulumi destroy --run-program`";

function lookup(source: SettingsSource, setting: Setting): { value: string; from: string } | undefined {
  const fromConfig = source.config?.(setting.config);
  if (fromConfig !== undefined && fromConfig !== "") return { value: fromConfig, from: setting.config };
  const fromEnv = source.env[setting.env];
  if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, from: setting.env };
  return undefined;
}

function resolveSecretKey(source: SettingsSource): { value: string; from: string } {
  const found = lookup(source, SECRET_KEY);
  if (!found) {
    throw new ClerkConfigError(
      SECRET_KEY.config,
      "No Clerk secret key is set. Export CLERK_SECRET_KEY=sk_… in the environment, or run" +
        " `pulumi config set --secret clerk:secretKey sk_…` for this stack. " +
        LAST_UP_ADVICE +
        ".",
    );
  }
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

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

function resolveApiUrl(source: SettingsSource): { value: string; from: string } {
  const found = lookup(source, API_URL);
  if (!found) return { value: DEFAULT_API_URL, from: "default" };
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
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
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

function resolveWholeNumber(source: SettingsSource, setting: Setting, fallback: number, max: number): number {
  const found = lookup(source, setting);
  if (!found) return fallback;
  const value = Number(found.value);
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? "≥ 1" : `from 1 to ${max}`;
    throw new ClerkConfigError(found.from, `${found.from} must be a whole number ${range} (got "${found.value}").`);
  }
  return value;
}

/** All settings a request needs; throws `ClerkConfigError` before anything is sent. */
export function resolveSettings(source: SettingsSource): ClerkSettings {
  const secretKey = resolveSecretKey(source);
  const apiUrl = resolveApiUrl(source);
  return {
    secretKey: secretKey.value,
    apiUrl: apiUrl.value,
    requestTimeoutMs: resolveWholeNumber(source, REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT_MS, MAX_MILLISECONDS),
    deadlineMs: resolveWholeNumber(source, DEADLINE, DEFAULT_DEADLINE_MS, MAX_MILLISECONDS),
    maxAttempts: resolveWholeNumber(source, MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS, Number.MAX_SAFE_INTEGER),
    requestsPer10Seconds: resolveWholeNumber(
      source,
      RATE,
      CLERK_RATE_LIMIT_PER_10S[instanceKindOf(secretKey.value)],
      Number.MAX_SAFE_INTEGER,
    ),
    from: { secretKey: secretKey.from, apiUrl: apiUrl.from },
  };
}
