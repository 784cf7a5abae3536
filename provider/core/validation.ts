import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { DEFAULT_EXPIRES_IN_SECONDS } from "./inputs";

type Raw = Record<string, unknown>;

type InputsSchema = ReturnType<typeof buildSchema>;
/** Built on first use, once per process (see buildSchema). */
let schema: InputsSchema | undefined;

/**
 * Validates the raw inputs the engine sends to `check`. Values still unknown during a
 * preview (the engine sends them as `unknownValue`) pass through untouched; everything
 * else is checked and defaults are filled in, so an unset `expiresInSeconds` and an
 * explicit 2592000 compare equal in `diff`. Each failure's reason starts with
 * `CLERK_INPUT_INVALID`, and names the property and the rule.
 */
export function validateInputs(raw: Raw): { inputs: Raw; failures: CheckFailure[] } {
  schema ??= buildSchema();
  const failures: CheckFailure[] = [];
  const parsed = schema.safeParse(stripUndefinedNulls(raw));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      failures.push({ property: String(issue.path[0] ?? ""), reason: unionMessage(issue) });
    }
    return { inputs: raw, failures: failures.map(withCode) };
  }

  const inputs: Raw = { ...parsed.data };
  const hasId = inputs.userId !== undefined;
  const hasEmail = inputs.userEmail !== undefined;
  if (hasId === hasEmail) {
    failures.push({
      property: hasId ? "userEmail" : "userId",
      reason: hasId
        ? "give either userId or userEmail, not both"
        : "userId is required (or give userEmail to look the user up by email address)",
    });
  }
  if (inputs.expiresInSeconds === undefined) inputs.expiresInSeconds = DEFAULT_EXPIRES_IN_SECONDS;
  if (inputs.renewBeforeSeconds === undefined) inputs.renewBeforeSeconds = 0;
  const expires = inputs.expiresInSeconds;
  const renew = inputs.renewBeforeSeconds;
  if (typeof expires === "number" && typeof renew === "number" && renew >= expires) {
    failures.push({
      property: "renewBeforeSeconds",
      reason: `renewBeforeSeconds (${renew}) must be less than expiresInSeconds (${expires}), or every pulumi up would replace the ticket`,
    });
  }
  return { inputs, failures: failures.map(withCode) };
}

/** A check failure reaches the pipeline as text in the engine's message: it carries its code, as every error of the package does. */
function withCode(failure: CheckFailure): CheckFailure {
  return { property: failure.property, reason: `CLERK_INPUT_INVALID: ${failure.reason}` };
}

/**
 * The inputs' zod schema. Built by a function, not at module load: zod is loaded only when
 * a provider method first needs it, not by every program that imports the package.
 */
function buildSchema() {
  const { z } = require("zod") as typeof import("zod");

  const known = <T extends import("zod").ZodType>(inner: T) => z.union([z.literal(unknownValue), inner]);
  const nonBlank = (field: string) =>
    z
      .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) })
      .refine((s) => s.trim() !== "", `${field} must not be empty or blank`)
      .refine((s) => s === s.trim(), `${field} must not start or end with spaces`);
  const wholeNumber = (field: string, min: number) =>
    z
      .number({
        error: (issue) =>
          typeof issue.input === "number"
            ? `${field} must be a finite number`
            : typeof issue.input === "string"
              ? `${field} must be a number, not a string`
              : `${field} must be a number`,
      })
      .refine((n) => Number.isInteger(n), `${field} must be a whole number of seconds`)
      .refine((n) => n >= min, `${field} must be ≥ ${min}`)
      .refine((n) => n <= Number.MAX_SAFE_INTEGER, `${field} must be ≤ 2^53 − 1`);

  return z
    .object({
      userId: known(nonBlank("userId").refine((s) => !/\s/.test(s), "userId must not contain spaces")).optional(),
      userEmail: known(nonBlank("userEmail").refine((s) => /^[^\s@]+@[^\s@]+$/.test(s), "userEmail must be an email address")).optional(),
      expiresInSeconds: known(wholeNumber("expiresInSeconds", 1)).optional(),
      orgId: known(nonBlank("orgId")).optional(),
      renewBeforeSeconds: known(wholeNumber("renewBeforeSeconds", 0)).optional(),
      triggers: known(z.record(z.string(), z.unknown(), { error: "triggers must be an object of values" })).optional(),
    })
    .loose();
}

/** Pulumi sends an unset optional input as absent or null; treat both as unset. */
function stripUndefinedNulls(raw: Raw): Raw {
  const out: Raw = {};
  for (const [key, value] of Object.entries(raw)) if (value !== null && value !== undefined) out[key] = value;
  return out;
}

/**
 * zod reports a failed `known(...)` union as "invalid input"; surface the branch that
 * explains the problem instead (the non-literal one).
 */
function unionMessage(issue: import("zod").core.$ZodIssue): string {
  if (issue.code === "invalid_union" && "errors" in issue) {
    const branches = issue.errors as import("zod").core.$ZodIssue[][];
    const real = branches.find((list) => !list.some((i) => i.code === "invalid_value"));
    if (real?.[0]) return real[0].message;
  }
  return issue.message;
}
