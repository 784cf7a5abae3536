import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import * as emulator from "../../emulator/clerk/facts";
import { CLERK_API_VERSION } from "../../provider/clerk/api-version";
import { SIGN_IN_TOKEN_STATUSES } from "../../provider/clerk/objects";
import { CLERK_RATE_LIMIT_PER_10S, instanceKindOf, isSecretKey } from "../../provider/clerk/secret-key";
import { CLERK_DEFAULT_EXPIRES_IN_SECONDS } from "../../provider/clerk/sign-in-tokens";
import { CONTRACT_PATH } from "./openapi-contract";

/*
 * The client (provider/clerk/) and the emulator (emulator/clerk/facts.ts) each keep their own
 * account of Clerk's facts, so that the emulator can catch the client getting one wrong.
 * This test holds the two against each other and against Clerk's contract: a wrong fact on
 * either side fails here.
 */

interface Contract {
  info: { version: string };
  paths: Record<string, Record<string, { description?: string; requestBody?: unknown }>>;
  components: {
    securitySchemes: { bearerAuth: { bearerFormat: string } };
    schemas: { SignInToken: { properties: { status: { enum: string[] } } }; Session: { properties: { status: { enum: string[] } } } };
  };
}

const contractText = readFileSync(CONTRACT_PATH, "utf8");
const contract = load(contractText) as Contract;

/** Strings that are, or look like but are not, secret keys; the instance each one names. */
const KEYS: Array<[string, "development" | "production" | undefined]> = [
  ["sk_test_Zq9xWv3", "development"],
  ["sk_live_Zq9xWv3", "production"],
  ["pk_test_Zq9xWv3", undefined],
  ["pk_live_Zq9xWv3", undefined],
  ["sk_prod_Zq9xWv3", undefined],
  ["sk_test_", undefined],
  ["sk_Zq9xWv3", undefined],
  ["sk_test_Zq9 xWv3", undefined],
  [" sk_test_Zq9xWv3", undefined],
];

describe("Clerk's facts, as the client and the emulator each know them", () => {
  it("the contract names the API version the client sends", () => {
    expect(contract.info.version).toBe(CLERK_API_VERSION);
  });

  it("secret keys: sk_<environment>_<secret value>, test for development and live for production", () => {
    expect(contract.components.securitySchemes.bearerAuth.bearerFormat).toBe("sk_<environment>_<secret value>");
    for (const [key, instance] of KEYS) {
      expect([key, emulator.instanceKindOfKey(key)]).toEqual([key, instance]);
      expect([key, isSecretKey(key) ? instanceKindOf(key) : undefined]).toEqual([key, instance]);
    }
  });

  it("rate limits: the contract's per-instance limits, per 10 seconds", () => {
    const stated =
      /(\d+) requests per 10 seconds for production instances and (\d+) requests per 10 seconds for development instances/.exec(
        contractText,
      );
    expect(stated).not.toBeNull();
    const [production, development] = [Number(stated?.[1]), Number(stated?.[2])];
    expect(emulator.RATE_LIMITS).toEqual({
      development: { requests: development, windowSeconds: 10 },
      production: { requests: production, windowSeconds: 10 },
    });
    expect(CLERK_RATE_LIMIT_PER_10S).toEqual({ development, production });
  });

  it("a sign-in token's statuses", () => {
    const statuses = contract.components.schemas.SignInToken.properties.status.enum;
    expect([...emulator.SIGN_IN_TOKEN_STATUSES]).toEqual(statuses);
    expect([...SIGN_IN_TOKEN_STATUSES]).toEqual(statuses);
  });

  it("a session's statuses", () => {
    expect([...emulator.SESSION_STATUSES]).toEqual(contract.components.schemas.Session.properties.status.enum);
  });

  it("a sign-in token's default lifetime", () => {
    const body = contract.paths["/sign_in_tokens"].post.requestBody as {
      content: { "application/json": { schema: { properties: { expires_in_seconds: { default: number } } } } };
    };
    const stated = body.content["application/json"].schema.properties.expires_in_seconds.default;
    expect(emulator.DEFAULT_EXPIRES_IN_SECONDS).toBe(stated);
    expect(CLERK_DEFAULT_EXPIRES_IN_SECONDS).toBe(stated);
  });
});
