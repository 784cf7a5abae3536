/** The type tokens the plugin serves, as the schema names them (schema.test.ts holds the two together). */
export const SIGN_IN_TOKEN = "clerk:index:SignInToken";
export const SIGN_IN_TOKENS = "clerk:index:SignInTokens";

/** The type token of a resource URN (`urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`). */
export function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}
