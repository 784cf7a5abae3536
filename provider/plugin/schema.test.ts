import { CAST_DEFAULT_KEYS } from "../core/cast";
import { INPUT_NAMES } from "../core/inputs";
import { CONFIG_KEYS } from "../core/settings";
import { PACKAGE_VERSION } from "../version";
import { SECRET_OUTPUTS } from "./outputs";
import schema from "./schema.json";
import { SIGN_IN_TOKEN, SIGN_IN_TOKENS } from "./tokens";

/*
 * The schema is what every other language sees of the plugin; the lifecycle is what runs.
 * These tests hold the two together, so that an input added to one and not the other fails.
 */

type Properties = Record<string, { secret?: boolean; type?: string }>;
const resources = schema.resources as Record<string, { inputProperties: Properties; properties: Properties; isComponent?: boolean }>;
const types = schema.types as Record<string, { properties: Properties }>;
const sorted = (names: Iterable<string>) => [...names].sort();

describe("the plugin's schema", () => {
  it("is the package's version, and serves the types the plugin dispatches on", () => {
    expect(schema.name).toBe("clerk");
    expect(schema.version).toBe(PACKAGE_VERSION);
    expect(sorted(Object.keys(resources))).toEqual(sorted([SIGN_IN_TOKEN, SIGN_IN_TOKENS]));
    expect(resources[SIGN_IN_TOKENS].isComponent).toBe(true);
  });

  it("SignInToken takes every input of the lifecycle, and the sign-in page", () => {
    expect(sorted(Object.keys(resources[SIGN_IN_TOKEN].inputProperties))).toEqual(sorted([...INPUT_NAMES, "signInPage"]));
  });

  it("SignInToken has every output, and exactly the ticket's outputs are secret", () => {
    const properties = resources[SIGN_IN_TOKEN].properties;
    const outputs = [...INPUT_NAMES, "status", "token", "url", "createdAt", "expiresAt", "signInPage", "signInPageUrl"];
    expect(sorted(Object.keys(properties))).toEqual(sorted(outputs));
    expect(sorted(Object.keys(properties).filter((name) => properties[name].secret))).toEqual(sorted(SECRET_OUTPUTS));
  });

  it("a SignInTokens user takes a SignInToken's inputs, and the defaults the cast rules know", () => {
    expect(sorted(Object.keys(types["clerk:index:SignInTokensUser"].properties))).toEqual(sorted(INPUT_NAMES));
    expect(sorted(Object.keys(types["clerk:index:SignInTokensDefaults"].properties))).toEqual(sorted(CAST_DEFAULT_KEYS));
    expect(resources[SIGN_IN_TOKENS].properties.urls.secret).toBe(true);
    expect(resources[SIGN_IN_TOKENS].properties.signInPageUrls.secret).toBe(true);
  });

  it("the provider's settings are the stack config keys the lifecycle reads, the key secret", () => {
    const variables = schema.config.variables as Properties;
    expect(sorted(Object.keys(variables).map((name) => `clerk:${name}`))).toEqual(sorted(CONFIG_KEYS));
    expect(schema.provider.inputProperties).toEqual(variables);
    expect(variables.secretKey.secret).toBe(true);
  });
});
