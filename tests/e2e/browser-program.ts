/**
 * The Pulumi program of the browser test: a `SignInTokens` cast whose users come from the
 * stack config `roles` (role → user id), with the links into the app's sign-in page (the
 * stack config `signInPage`), Clerk's own urls and the ids exported.
 */
export const SIGN_IN_LINKS_PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const { SignInTokens } = require("pulumi-clerk-sign-in-tokens");

const config = new pulumi.Config();
const cast = new SignInTokens("e2e", { users: config.requireObject("roles"), defaults: { expiresInSeconds: 900 } });

exports.links = cast.linksTo(config.require("signInPage"));
exports.urls = cast.urls;
exports.ids = cast.ids;
`;

/**
 * A pipeline step that reads the stack's outputs through the Automation API, run with Node
 * in the project folder: `node read-outputs.js <file>` writes them (each `{ value, secret }`,
 * secrets revealed) to <file>, readable by its owner only, and prints nothing.
 */
export const READ_OUTPUTS_SCRIPT = `"use strict";
const { writeFileSync } = require("fs");
const { LocalWorkspace } = require("@pulumi/pulumi/automation");

async function main(file) {
  const stack = await LocalWorkspace.selectStack({ stackName: "dev", workDir: __dirname });
  writeFileSync(file, JSON.stringify(await stack.outputs()), { mode: 0o600 });
}

main(process.argv[2]).catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
`;
