import { unknownValue as UNKNOWN } from "@pulumi/pulumi/runtime/rpc";
import { DEFAULT_EXPIRES_IN_SECONDS } from "./inputs";
import { validateInputs } from "./validation";

function failuresOf(raw: Record<string, unknown>) {
  return validateInputs(raw).failures;
}

describe("validateInputs", () => {
  it("accepts a user id and fills in Clerk's defaults", () => {
    const { inputs, failures } = validateInputs({ userId: "user_2abc" });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ userId: "user_2abc", expiresInSeconds: DEFAULT_EXPIRES_IN_SECONDS, renewBeforeSeconds: 0 });
  });

  it("keeps every valid input and the serialized provider", () => {
    const raw = {
      userId: "user_1",
      expiresInSeconds: 3600,
      orgId: "org_1",
      renewBeforeSeconds: 60,
      triggers: { sha: "abc" },
      __provider: "code",
    };
    const { inputs, failures } = validateInputs(raw);
    expect(failures).toEqual([]);
    expect(inputs).toEqual(raw);
  });

  it("treats null like an unset input", () => {
    expect(validateInputs({ userId: "user_1", orgId: null, expiresInSeconds: null }).inputs).toEqual({
      userId: "user_1",
      expiresInSeconds: DEFAULT_EXPIRES_IN_SECONDS,
      renewBeforeSeconds: 0,
    });
  });

  it.each([
    [{}, "userId", /userId is required/],
    [{ userId: "" }, "userId", /userId must not be empty or blank/],
    [{ userId: "   " }, "userId", /userId must not be empty or blank/],
    [{ userId: 42 }, "userId", /userId must be a string/],
    [{ userId: "user 1" }, "userId", /userId must not contain spaces/],
    [{ userId: "u", expiresInSeconds: 0 }, "expiresInSeconds", /must be ≥ 1/],
    [{ userId: "u", expiresInSeconds: -5 }, "expiresInSeconds", /must be ≥ 1/],
    [{ userId: "u", expiresInSeconds: 1.5 }, "expiresInSeconds", /whole number/],
    [{ userId: "u", expiresInSeconds: "3600" }, "expiresInSeconds", /must be a number, not a string/],
    [{ userId: "u", expiresInSeconds: NaN }, "expiresInSeconds", /must be a finite number/],
    [{ userId: "u", expiresInSeconds: Infinity }, "expiresInSeconds", /must be a finite number/],
    [{ userId: "u", expiresInSeconds: 2 ** 53 + 2 }, "expiresInSeconds", /≤ 2\^53/],
    [{ userId: "u", orgId: "" }, "orgId", /orgId must not be empty/],
    [{ userId: "u", userEmail: "a@example.com" }, "userEmail", /not both/],
    [{ userEmail: "not-an-email" }, "userEmail", /email address/],
    [{ userId: "u", renewBeforeSeconds: -1 }, "renewBeforeSeconds", /≥ 0/],
    [{ userId: "u", expiresInSeconds: 60, renewBeforeSeconds: 60 }, "renewBeforeSeconds", /less than expiresInSeconds/],
    [{ userId: "u", triggers: "abc" }, "triggers", /triggers must be an object/],
  ])("rejects %j on %s", (raw, property, reason) => {
    const failures = failuresOf(raw);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0].property).toBe(property);
    expect(failures[0].reason).toMatch(reason);
    // The engine shows the reason as text: it carries the package's code, as every error does.
    expect(failures.every((f) => f.reason.startsWith("CLERK_INPUT_INVALID: "))).toBe(true);
  });

  it("lets values unknown during a preview pass through", () => {
    const { inputs, failures } = validateInputs({ userId: UNKNOWN, expiresInSeconds: UNKNOWN, orgId: UNKNOWN });
    expect(failures).toEqual([]);
    expect(inputs.userId).toBe(UNKNOWN);
    expect(inputs.expiresInSeconds).toBe(UNKNOWN);
  });
});
