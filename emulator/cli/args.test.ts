import { parseCliArgs, USAGE } from "./args";
import { secretKeyHint } from "./key-hint";

const run = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parseCliArgs(argv, env);
  if (parsed.kind !== "run") throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.options;
};
const errorOf = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parseCliArgs(argv, env);
  if (parsed.kind !== "error") throw new Error(`expected an error, got ${JSON.stringify(parsed)}`);
  return parsed.message;
};

describe("parseCliArgs", () => {
  it("parses the documented example", () => {
    const options = run([
      "--secret-key",
      "sk_test_xxx",
      "--user",
      "user_abc",
      "--user",
      "user_def:alice@example.com",
      "--port",
      "0",
      "--rate-limit",
      "100/10",
      "--fault",
      "create:0.3:500,503,reset-after",
      "--fault-sequence",
      "revoke:503,ok",
      "--seed",
      "42",
    ]);
    expect(options).toEqual({
      secretKey: "sk_test_xxx",
      users: [{ id: "user_abc" }, { id: "user_def", emailAddresses: ["alice@example.com"] }],
      port: 0,
      controlPort: undefined,
      rateLimit: { requests: 100, windowSeconds: 10 },
      faults: [
        { route: "create", probability: 0.3, kinds: [500, 503, "reset-after"] },
        { route: "revoke", sequence: [503, "ok"] },
      ],
      seed: 42,
    });
  });

  it("accepts --flag=value, several emails, organizations and a slow delay", () => {
    const options = run([
      "--secret-key=sk_live_abc",
      "--user=user_x:a@x.com,b@x.com:org_1,org_2",
      "--fault=*:1:slow:250",
      "--no-rate-limit",
    ]);
    expect(options.users).toEqual([{ id: "user_x", emailAddresses: ["a@x.com", "b@x.com"], organizationIds: ["org_1", "org_2"] }]);
    expect(options.faults).toEqual([{ route: "*", probability: 1, kinds: ["slow"], slowMs: 250 }]);
    expect(options.rateLimit).toBe(false);
  });

  it("falls back to CLERK_SECRET_KEY, then to no key (the CLI generates one)", () => {
    expect(run([], { CLERK_SECRET_KEY: "sk_test_env" }).secretKey).toBe("sk_test_env");
    expect(run(["--secret-key", "sk_test_flag"], { CLERK_SECRET_KEY: "sk_test_env" }).secretKey).toBe("sk_test_flag");
    expect(run([]).secretKey).toBeUndefined();
    expect(run([]).rateLimit).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ["500", 500],
    ["502", 502],
    ["503", 503],
    ["429", 429],
    ["reset-before", "reset-before"],
    ["reset-after", "reset-after"],
    ["slow", "slow"],
  ])("parses the fault kind %s as the emulator's %p", (text, kind) => {
    expect(run(["--fault", `users:1:${text}`]).faults).toEqual([{ route: "users", probability: 1, kinds: [kind] }]);
    expect(run(["--fault-sequence", `users:${text},ok`]).faults).toEqual([{ route: "users", sequence: [kind, "ok"] }]);
  });

  it.each(["create", "revoke", "users", "*"])("parses the fault route %s", (route) => {
    expect(run(["--fault", `${route}:1:500`]).faults).toEqual([{ route, probability: 1, kinds: [500] }]);
  });

  it("lists every fault route and kind in the help", () => {
    expect(USAGE).toContain("fault ROUTE (create|revoke|users|*)");
    expect(USAGE).toContain("(comma-separated: 500,502,503,429,reset-before,reset-after,slow)");
  });

  it("starts no control surface unless --control-port asks for one, 0 being a free port", () => {
    expect(run([]).controlPort).toBeUndefined();
    expect(run(["--control-port", "0"]).controlPort).toBe(0);
    expect(run(["--control-port=4551"]).controlPort).toBe(4551);
    expect(USAGE).toContain("--control-port N");
  });

  it("recognises --help", () => {
    expect(parseCliArgs(["--user", "u", "-h"])).toEqual({ kind: "help" });
  });

  it.each<[string[], RegExp]>([
    [["--bogus"], /unknown option --bogus/],
    [["--port"], /--port needs a value/],
    [["--port", "--seed", "1"], /--port needs a value/],
    [["--port", "70000"], /--port must be within/],
    [["--port", "abc"], /--port must be an integer/],
    [["--control-port"], /--control-port needs a value/],
    [["--control-port", "-1"], /--control-port must be an integer/],
    [["--control-port", "65536"], /--control-port must be within 0..65535/],
    [["--secret-key", "pk_test_x"], /sk_test_ or sk_live_/],
    [["--rate-limit", "100"], /N\/SECONDS/],
    [["--rate-limit", "0/10"], /N >= 1/],
    [["--rate-limit", "1/1", "--no-rate-limit"], /exclude each other/],
    [["--fault", "create:0.3"], /ROUTE:P:KINDS/],
    [["--fault", "create:2:500"], /within 0..1/],
    [["--fault", "delete:0.5:500"], /unknown fault route/],
    [["--fault", "jwks:0.5:500"], /unknown fault route jwks \(create\|revoke\|users\|\*\)/],
    [["--fault", "create:0.5:418"], /unknown fault kind 418/],
    [["--fault-sequence", "revoke:nope"], /unknown fault kind nope/],
    [["--user", ""], /--user expects/],
    [["--seed", "-1"], /--seed must be an integer/],
  ])("rejects %j", (argv, message) => {
    expect(errorOf(argv)).toMatch(message);
  });
});

describe("secretKeyHint", () => {
  it("keeps the prefix and the last 4 characters only", () => {
    expect(secretKeyHint(`sk_test_${"a".repeat(16)}1234`)).toBe("sk_test_…1234");
    expect(secretKeyHint(`sk_live_${"b".repeat(16)}9876`)).toBe("sk_live_…9876");
  });

  it("shows nothing of a short secret", () => {
    expect(secretKeyHint("sk_test_xxx")).toBe("sk_test_…");
  });
});
