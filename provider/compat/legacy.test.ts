import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { createTempProject, removeTempProject } from "../../scripts/lib/temp-project";

/*
 * `refresh` and `destroy` run the provider code stored in the state, which `require`s
 * modules of whatever version of this package is installed. These are the modules and
 * names each release's states require: a contract kept in every later release. Checked on
 * the package as published (packed, installed, resolved by name through its "exports").
 */

/** Since 0.2, a state names one module, whose exports are the provider (see stored-provider.ts). */
const STORED_PROVIDER = "pulumi-clerk-sign-in-tokens/dist/provider/stored-provider.js";
const PROVIDER_METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"];

/** 0.1.0 stored its provider's code, which requires these modules for these names. */
const REQUIRED_BY_0_1_0: Record<string, string[]> = {
  "dist/provider/validation.js": ["validateInputs"],
  "dist/provider/settings.js": ["resolveSettings"],
  "dist/provider/diff.js": ["diffSignInToken"],
  "dist/provider/outputs.js": ["toOutputs", "isDueForRenewal", "isExpired"],
  "dist/provider/clerk/client.js": ["ClerkClient"],
  "dist/provider/clerk/errors.js": ["ClerkResponseError", "isClerkApiError"],
  "dist/provider/clerk/sign-in-tokens.js": ["createSignInToken", "revokeSignInToken"],
  "dist/provider/clerk/users.js": ["listUsersByEmail"],
};

let project: string;
beforeAll(() => {
  project = createTempProject({
    repoRoot: join(__dirname, "..", ".."),
    prefix: "clerk-legacy-",
    pulumiYaml: "name: legacy\nruntime: nodejs\n",
    files: {},
  });
});
afterAll(() => project && removeTempProject(project));

/** The type of each named export, as a program in the project sees it through the package name. */
function exportsOf(specifier: string, names: string[]): Record<string, string> {
  const script = `const m = require(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, typeof m[n]]))));`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: project, encoding: "utf8" })) as Record<string, string>;
}

describe("what stored states require from the installed package", () => {
  it("since 0.2: the stored provider, with every ResourceProvider method", () => {
    expect(exportsOf(STORED_PROVIDER, PROVIDER_METHODS)).toEqual(Object.fromEntries(PROVIDER_METHODS.map((m) => [m, "function"])));
  });

  it.each(Object.entries(REQUIRED_BY_0_1_0))("0.1.0: %s exports %j", (path, names) => {
    expect(exportsOf(`pulumi-clerk-sign-in-tokens/${path}`, names)).toEqual(Object.fromEntries(names.map((n) => [n, "function"])));
  });

  it("nothing else under dist/ is reachable by name: internal files may move", () => {
    expect(() => exportsOf("pulumi-clerk-sign-in-tokens/dist/provider/provider.js", [])).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });
});
