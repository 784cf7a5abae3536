import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createTempProject, removeTempProject } from "../../scripts/lib/temp-project";
import { TYPESCRIPT_TEMPLATE_TSCONFIG } from "../support/pulumi-template";
import { REPO_ROOT } from "../support/serialized-provider";

const run = promisify(execFile);

/*
 * A TypeScript user's type-check: a program using the package's public types, with the
 * tsconfig.json that `pulumi new typescript` writes (pulumi/templates, typescript/): no
 * skipLibCheck, so every declaration the package's types reach is checked too. They must
 * not reach into zod or undici, whose declarations need other compiler settings.
 */

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { ClerkInputError, clerkErrorCode, type ClerkErrorCode, SignInToken, SignInTokens, type SignInTokenArgs } from "pulumi-clerk-sign-in-tokens";

const args: SignInTokenArgs = { userId: "user_2abc", expiresInSeconds: 3600 };
const login = new SignInToken("qa-admin", args);
const cast = new SignInTokens("qa", { users: { admin: "user_2abc", viewer: { userEmail: "viewer@example.com" } }, defaults: { expiresInSeconds: 600 } });

export const loginUrl: pulumi.Output<string> = login.url;
export const expiresAt: pulumi.Output<string> = login.expiresAt;
export const urls: pulumi.Output<Record<string, string>> = cast.urls;
export const status: pulumi.Output<"pending" | "accepted" | "revoked"> = login.status;
export const appLink: pulumi.Output<string> = login.linkTo("https://pr-42.preview.example.com/sign-in");
export const appLinks: pulumi.Output<Record<string, string>> = cast.linksTo(pulumi.output("https://pr-42.preview.example.com/sign-in"));
export function codeOf(err: unknown): ClerkErrorCode | undefined {
  return err instanceof ClerkInputError ? err.code : clerkErrorCode(err);
}
`;

let project: string | undefined;
afterAll(() => project && removeTempProject(project));

it("a program using SignInToken and SignInTokens passes tsc --noEmit with Pulumi's template tsconfig", async () => {
  project = createTempProject({
    repoRoot: REPO_ROOT,
    prefix: "clerk-typecheck-",
    pulumiYaml: "name: typecheck\nruntime: nodejs\n",
    files: { "index.ts": PROGRAM, "tsconfig.json": JSON.stringify(TYPESCRIPT_TEMPLATE_TSCONFIG, null, 2) },
  });
  const tsc = require.resolve("typescript/bin/tsc", { paths: [REPO_ROOT] });
  const result = await run(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: project }).then(
    () => "",
    (err: { stdout: string }) => err.stdout,
  );
  expect(result).toBe("");
}, 120_000);
