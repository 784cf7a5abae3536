import { SIGN_IN_TOKENS_TYPE } from "../core/cast";

/** The type tokens the plugin serves, as the schema names them (schema.test.ts holds the two together). */
export const SIGN_IN_TOKEN = "clerk:index:SignInToken";
/** The component's token is the TypeScript component's too: one name for one component, in every language. */
export const SIGN_IN_TOKENS = SIGN_IN_TOKENS_TYPE;

/** The type token of a resource URN (`urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`). */
export function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}
