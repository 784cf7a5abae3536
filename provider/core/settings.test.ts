import { DEFAULT_API_URL } from "../clerk/settings";
import { resolveSettings, type SettingsSource } from "./settings";

const KEY = `sk_test_${"a".repeat(20)}`;

function source(env: Record<string, string>, config: Record<string, string> = {}): SettingsSource {
  return { env, config: (key) => config[key] };
}

function errorOf(fn: () => unknown): Error & { code?: string; setting?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

describe("resolveSettings", () => {
  it("reads the key from the environment and defaults the URL to Clerk's", () => {
    const settings = resolveSettings(source({ CLERK_SECRET_KEY: KEY }));
    expect(settings.secretKey).toBe(KEY);
    expect(settings.apiUrl).toBe(DEFAULT_API_URL);
    expect(settings.requestsPer10Seconds).toBe(100);
  });

  it("prefers stack config over the environment", () => {
    const other = `sk_live_${"b".repeat(20)}`;
    const settings = resolveSettings(
      source(
        { CLERK_SECRET_KEY: KEY, CLERK_API_URL: "https://env.example.com/v1" },
        { "clerk:secretKey": other, "clerk:apiUrl": "https://cfg.example.com/v1/" },
      ),
    );
    expect(settings.secretKey).toBe(other);
    expect(settings.apiUrl).toBe("https://cfg.example.com/v1");
    expect(settings.requestsPer10Seconds).toBe(1000);
  });

  it("names both ways to set a missing key", () => {
    const err = errorOf(() => resolveSettings(source({})));
    expect(err.code).toBe("CLERK_CONFIG_INVALID");
    expect(err.message).toContain("CLERK_SECRET_KEY");
    expect(err.message).toContain("pulumi config set --secret clerk:secretKey");
  });

  it.each(["pk_test_Zq9xy", "secretvalue123", "sk_Zq9abc", "sk_prod_Zq9abc"])("refuses the key %s without echoing it", (bad) => {
    const err = errorOf(() => resolveSettings(source({ CLERK_SECRET_KEY: bad })));
    expect(err.message).toContain("CLERK_SECRET_KEY");
    expect(err.message).toContain('start with "sk_test_" or "sk_live_"');
    expect(err.message).not.toContain(bad);
  });

  it("names the config key when the bad key came from config", () => {
    const err = errorOf(() => resolveSettings(source({}, { "clerk:secretKey": "nope" })));
    expect(err.setting).toBe("clerk:secretKey");
    expect(err.message).toMatch(/^CLERK_CONFIG_INVALID: clerk:secretKey is not a Clerk secret key/);
  });

  it.each([
    ["not a url", /is not a valid URL/],
    ["ftp://example.com/v1", /must be an https:\/\/ URL/],
    ["http://api.clerk.com/v1", /not loopback/],
    ["http://10.0.0.1:8080/v1", /not loopback/],
    ["https://user:pw@api.clerk.com/v1", /without credentials/],
  ])("refuses the API URL %s", (url, reason) => {
    const err = errorOf(() => resolveSettings(source({ CLERK_SECRET_KEY: KEY, CLERK_API_URL: url })));
    expect(err.message).toMatch(/^CLERK_CONFIG_INVALID: CLERK_API_URL /);
    expect(err.message).toMatch(reason);
  });

  it.each(["http://127.0.0.1:4000/v1", "http://localhost:4000/v1", "http://[::1]:4000/v1"])("allows plain HTTP to loopback: %s", (url) => {
    expect(resolveSettings(source({ CLERK_SECRET_KEY: KEY, CLERK_API_URL: url })).apiUrl).toBe(url);
  });

  it.each(["0", "-1", "1.5", "abc"])("refuses a request timeout of %s", (value) => {
    const err = errorOf(() => resolveSettings(source({ CLERK_SECRET_KEY: KEY, CLERK_REQUEST_TIMEOUT_MS: value })));
    expect(err.message).toMatch(/^CLERK_CONFIG_INVALID: CLERK_REQUEST_TIMEOUT_MS must be a whole number/);
  });

  // Node's timers hold 2^31 − 1 ms at most; a longer one would fire at once, or throw.
  it.each([
    ["CLERK_DEADLINE_MS", "9999999999"],
    ["CLERK_DEADLINE_MS", "3000000000"],
    ["CLERK_REQUEST_TIMEOUT_MS", "2147483648"],
  ])("refuses %s=%s: longer than a timer can wait", (name, value) => {
    const err = errorOf(() => resolveSettings(source({ CLERK_SECRET_KEY: KEY, [name]: value })));
    expect(err.message).toBe(`CLERK_CONFIG_INVALID: ${name} must be a whole number from 1 to 2147483647 (got "${value}").`);
  });

  it("accepts the longest wait a timer can hold", () => {
    expect(resolveSettings(source({ CLERK_SECRET_KEY: KEY, CLERK_DEADLINE_MS: "2147483647" })).deadlineMs).toBe(2 ** 31 - 1);
  });

  it("records where the key and the URL came from, for error messages", () => {
    expect(resolveSettings(source({ CLERK_SECRET_KEY: KEY })).from).toEqual({
      secretKey: "CLERK_SECRET_KEY",
      apiUrl: "clerk:apiUrl / CLERK_API_URL",
    });
    expect(resolveSettings(source({}, { "clerk:secretKey": KEY, "clerk:apiUrl": "https://x.example.com/v1" })).from).toEqual({
      secretKey: "clerk:secretKey",
      apiUrl: "clerk:apiUrl",
    });
  });

  it("says, when no key is set, that destroy and refresh use the config of the last up", () => {
    expect(errorOf(() => resolveSettings(source({}))).message).toMatch(/run `pulumi up` first, or `pulumi destroy --run-program`/);
  });
});
