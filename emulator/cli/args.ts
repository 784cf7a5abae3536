import { isSecretKey, RATE_LIMITS } from "../clerk/facts";
import { FAULT_KINDS, type FaultKind } from "../faults/kinds";
import { FAULT_ROUTES, type FaultRoute } from "../routes/catalogue";
import type { EmulatorUser, FaultRule, RateLimit } from "../types";

const limit = ({ requests, windowSeconds }: { requests: number; windowSeconds: number }): string => `${requests}/${windowSeconds}`;

export const USAGE = `Usage: clerk-emulator [options]

Serves on 127.0.0.1 until SIGINT or SIGTERM. Prints one JSON line on stdout once it serves:
{"url", "signInPage", "secretKeyHint"}, "controlUrl" with --control-port, and "secretKey" when it
generated the key (a key you give is never printed).

  --secret-key KEY          sk_test_… or sk_live_… (default: $CLERK_SECRET_KEY, else a generated sk_test_ key)
  --user ID[:EMAILS[:ORGS]] a user; EMAILS and ORGS are comma-separated (repeatable)
  --port N                  port on 127.0.0.1 (default 0: a free port)
  --control-port N          serve the control surface (JSON: tickets, requests, faults, outage) on
                            this port of 127.0.0.1 (0: a free port); default: none
  --rate-limit N/SECONDS    requests per window (default: Clerk's, ${limit(RATE_LIMITS.development)} for sk_test_, ${limit(RATE_LIMITS.production)} for sk_live_)
  --no-rate-limit           disable the rate limiter
  --fault ROUTE:P:KINDS[:SLOW_MS]
                            fault ROUTE (${FAULT_ROUTES.join("|")}) with probability P, picking from KINDS
                            (comma-separated: ${FAULT_KINDS.join(",")}) (repeatable)
  --fault-sequence ROUTE:STEPS[:SLOW_MS]
                            scripted STEPS (KINDS or ok) for ROUTE, then normal service (repeatable)
  --seed N                  seed for probabilistic faults
  -h, --help                show this help
`;

export interface CliOptions {
  /** Undefined when neither the flag nor the environment gave one: the caller generates a key. */
  secretKey: string | undefined;
  users: EmulatorUser[];
  port: number;
  /** Undefined: no control surface. */
  controlPort: number | undefined;
  rateLimit: RateLimit | false | undefined;
  faults: FaultRule[];
  seed: number | undefined;
}

export type CliParse = { kind: "run"; options: CliOptions } | { kind: "help" } | { kind: "error"; message: string };

const VALUE_FLAGS = new Set([
  "--secret-key",
  "--user",
  "--port",
  "--control-port",
  "--rate-limit",
  "--fault",
  "--fault-sequence",
  "--seed",
]);

class CliError extends Error {}

/** Pure: no process access, so every flag can be tested without spawning anything. */
export function parseCliArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CliParse {
  try {
    return parse(argv, env);
  } catch (error) {
    if (error instanceof CliError) return { kind: "error", message: error.message };
    throw error;
  }
}

function parse(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliParse {
  const options: CliOptions = {
    secretKey: undefined,
    users: [],
    port: 0,
    controlPort: undefined,
    rateLimit: undefined,
    faults: [],
    seed: undefined,
  };
  let sawRateLimit = false;
  let sawNoRateLimit = false;

  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === "-h" || arg === "--help") return { kind: "help" };
    if (arg === "--no-rate-limit") {
      sawNoRateLimit = true;
      options.rateLimit = false;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) throw new CliError(`unknown option ${arg}`);
    let value: string;
    if (flag !== arg) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) throw new CliError(`${flag} needs a value`);
      value = next;
      i += 1;
    }

    switch (flag) {
      case "--secret-key":
        options.secretKey = value;
        break;
      case "--user":
        options.users.push(parseUser(value));
        break;
      case "--port":
        options.port = parseInteger(value, "--port", 0, 65535);
        break;
      case "--control-port":
        options.controlPort = parseInteger(value, "--control-port", 0, 65535);
        break;
      case "--rate-limit":
        sawRateLimit = true;
        options.rateLimit = parseRateLimit(value);
        break;
      case "--fault":
        options.faults.push(parseFault(value));
        break;
      case "--fault-sequence":
        options.faults.push(parseFaultSequence(value));
        break;
      case "--seed":
        options.seed = parseInteger(value, "--seed", 0, 2 ** 32 - 1);
        break;
    }
  }

  if (sawRateLimit && sawNoRateLimit) throw new CliError("--rate-limit and --no-rate-limit exclude each other");
  options.secretKey ??= nonEmpty(env.CLERK_SECRET_KEY);
  if (options.secretKey !== undefined && !isSecretKey(options.secretKey)) {
    throw new CliError("the secret key must start with sk_test_ or sk_live_");
  }
  return { kind: "run", options };
}

function parseUser(value: string): EmulatorUser {
  const [id, emails, orgs, ...extra] = value.split(":");
  if (id === undefined || id === "" || extra.length > 0) throw new CliError(`--user expects ID[:EMAILS[:ORGS]], got ${value}`);
  const user: EmulatorUser = { id };
  const emailAddresses = list(emails);
  const organizationIds = list(orgs);
  if (emailAddresses.length > 0) user.emailAddresses = emailAddresses;
  if (organizationIds.length > 0) user.organizationIds = organizationIds;
  return user;
}

function parseRateLimit(value: string): RateLimit {
  const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(value);
  if (match === null) throw new CliError(`--rate-limit expects N/SECONDS, got ${value}`);
  const requests = Number(match[1]);
  const windowSeconds = Number(match[2]);
  if (requests < 1 || windowSeconds <= 0) throw new CliError(`--rate-limit needs N >= 1 and SECONDS > 0, got ${value}`);
  return { requests, windowSeconds };
}

function parseFault(value: string): FaultRule {
  const [route, probability, kinds, slowMs, ...extra] = value.split(":");
  if (kinds === undefined || extra.length > 0) throw new CliError(`--fault expects ROUTE:P:KINDS[:SLOW_MS], got ${value}`);
  const p = Number(probability);
  if (probability === "" || !(p >= 0 && p <= 1)) throw new CliError(`--fault probability must be within 0..1, got ${String(probability)}`);
  return withSlowMs({ route: parseRoute(route), probability: p, kinds: list(kinds).map(parseKind) }, slowMs);
}

function parseFaultSequence(value: string): FaultRule {
  const [route, steps, slowMs, ...extra] = value.split(":");
  if (steps === undefined || extra.length > 0) throw new CliError(`--fault-sequence expects ROUTE:STEPS[:SLOW_MS], got ${value}`);
  const sequence = list(steps).map((step) => (step === "ok" ? "ok" : parseKind(step)));
  return withSlowMs({ route: parseRoute(route), sequence }, slowMs);
}

function withSlowMs(rule: FaultRule, slowMs: string | undefined): FaultRule {
  return slowMs === undefined ? rule : { ...rule, slowMs: parseInteger(slowMs, "SLOW_MS", 0, 2 ** 31 - 1) };
}

function parseRoute(route: string | undefined): FaultRoute {
  const known = FAULT_ROUTES.find((candidate) => candidate === route);
  if (known === undefined) throw new CliError(`unknown fault route ${String(route)} (${FAULT_ROUTES.join("|")})`);
  return known;
}

/** Statuses arrive as text ("503") but are numbers in the list. */
function parseKind(kind: string): FaultKind {
  const known = FAULT_KINDS.find((candidate) => String(candidate) === kind);
  if (known === undefined) throw new CliError(`unknown fault kind ${kind} (${FAULT_KINDS.join(", ")})`);
  return known;
}

function parseInteger(value: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new CliError(`${name} must be an integer, got ${value}`);
  const n = Number(value);
  if (n < min || n > max) throw new CliError(`${name} must be within ${min}..${max}, got ${value}`);
  return n;
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
