import { SignInTokenProvider } from "./dynamic/provider";

/**
 * The provider as every `SignInToken` state names it.
 *
 * Pulumi serializes a dynamic resource's provider into the state, and a value that is the
 * `exports` of a module under node_modules is serialized as a `require` of that module. So
 * the state holds about 230 bytes around
 * `require("pulumi-clerk-sign-in-tokens/dist/provider/stored-provider.js")` rather than
 * the provider's code (9 KB in 0.1.0), and `refresh` and `destroy` run the installed
 * version's code.
 *
 * This module's path and its exported names (Pulumi's `ResourceProvider` methods:
 * configure, check, diff, create, read, update, delete) are a contract with every state
 * written since 0.2: keep both in every release, and keep each method able to handle the
 * outputs any earlier release stored. The path is also a key of package.json "exports".
 */
const storedProvider = new SignInTokenProvider();
export = storedProvider;
