import type { ClerkClientOptions } from "../clerk/client";
import { ClerkConfigError } from "../clerk/errors";
import { type ClerkSettings, type FoundSetting, parseClerkSettings, type SettingName } from "../clerk/settings";
import { PACKAGE_NAME, PACKAGE_VERSION } from "../version";

/**
 * Where the provider's settings come from, in Pulumi's terms: the stack config (`clerk:*`)
 * and the environment (`CLERK_*`). Stack config wins over the environment so a stack can
 * point at its own Clerk instance even when the shell exports another key. The Clerk
 * client checks the values (clerk/settings.ts); this module only finds them, and says what
 * a Pulumi user can do about them.
 *
 * Settings are resolved when a provider method runs, never when the program builds the
 * resource, so the state can never hold the key.
 */
export interface SettingsSource {
  /** Stack config, namespaced (`clerk:secretKey`); undefined values when not set. */
  config?: (key: string) => string | undefined;
  env: NodeJS.ProcessEnv;
}

/** Each setting's stack config key and environment variable. */
const SETTINGS: Readonly<Record<SettingName, { config: string; env: string }>> = {
  secretKey: { config: "clerk:secretKey", env: "CLERK_SECRET_KEY" },
  apiUrl: { config: "clerk:apiUrl", env: "CLERK_API_URL" },
  requestTimeoutMs: { config: "clerk:requestTimeoutMs", env: "CLERK_REQUEST_TIMEOUT_MS" },
  deadlineMs: { config: "clerk:deadlineMs", env: "CLERK_DEADLINE_MS" },
  maxAttempts: { config: "clerk:maxAttempts", env: "CLERK_MAX_ATTEMPTS" },
  requestsPer10Seconds: { config: "clerk:requestsPer10Seconds", env: "CLERK_REQUESTS_PER_10_SECONDS" },
};

const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** Stack config keys the provider reads; only these are kept from `configure`. */
export const CONFIG_KEYS: readonly string[] = SETTING_NAMES.map((name) => SETTINGS[name].config);

/**
 * Said with every error a change of settings can cause. The provider gets the stack config
 * the engine hands it: for `destroy` and `refresh` that is the config recorded at the last
 * `pulumi up`, not the current one; the environment is always the current one.
 */
const LAST_UP_ADVICE =
  "`pulumi destroy` and `pulumi refresh` use the stack config (clerk:*) of the last `pulumi up`:" +
  " if you changed it since, run `pulumi up` first, or `pulumi destroy --run-program`";

/** How the provider's client behaves: its notices show in `pulumi up`, its errors say where settings live. */
export function pulumiClientOptions(notice: (message: string) => void = (message) => console.log(message)): ClerkClientOptions {
  return { notice, settingAdvice: LAST_UP_ADVICE, userAgent: `${PACKAGE_NAME}/${PACKAGE_VERSION}` };
}

function lookup(source: SettingsSource, name: SettingName): FoundSetting | undefined {
  const setting = SETTINGS[name];
  const fromConfig = source.config?.(setting.config);
  if (fromConfig !== undefined && fromConfig !== "") return { value: fromConfig, from: setting.config };
  const fromEnv = source.env[setting.env];
  if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, from: setting.env };
  return undefined;
}

/** All settings a request needs; throws `ClerkConfigError` before anything is sent. */
export function resolveSettings(source: SettingsSource): ClerkSettings {
  const found: Partial<Record<SettingName, FoundSetting>> = {};
  for (const name of SETTING_NAMES) {
    const value = lookup(source, name);
    if (value !== undefined) found[name] = value;
  }
  if (found.secretKey === undefined) {
    throw new ClerkConfigError(
      SETTINGS.secretKey.config,
      "No Clerk secret key is set. Export CLERK_SECRET_KEY=sk_… in the environment, or run" +
        " `pulumi config set --secret clerk:secretKey sk_…` for this stack. " +
        LAST_UP_ADVICE +
        ".",
    );
  }
  const settings = parseClerkSettings(found);
  const apiUrl = found.apiUrl?.from ?? `${SETTINGS.apiUrl.config} / ${SETTINGS.apiUrl.env}`;
  return { ...settings, from: { secretKey: found.secretKey.from, apiUrl } };
}
