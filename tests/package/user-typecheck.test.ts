import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createTempProject, removeTempProject } from "../../scripts/lib/temp-project";
import { TYPESCRIPT_TEMPLATE_TSCONFIG, TYPESCRIPT_TEMPLATE_TSCONFIG_2024 } from "../support/pulumi-template";
import { REPO_ROOT } from "../support/serialized-provider";

const run = promisify(execFile);

/*
 * A TypeScript user's type-check: a program using the package's public types, with the
 * tsconfig.json that `pulumi new typescript` writes today ("nodenext": the package's
 * `exports` map and conditions, as Node.js reads them) and the one it wrote from 2024 to
 * 2026-03 ("node": main and typesVersions), with TypeScript 5 as both templates install.
 * Neither has skipLibCheck, so every declaration the package's types reach is checked too.
 * They must not reach into zod or undici, whose declarations need other compiler settings.
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

const projects: string[] = [];
afterAll(() => {
  for (const project of projects) removeTempProject(project);
});

it.each([
  ["today's template tsconfig (module and moduleResolution nodenext)", TYPESCRIPT_TEMPLATE_TSCONFIG],
  ["the 2024 template tsconfig (commonjs, moduleResolution node)", TYPESCRIPT_TEMPLATE_TSCONFIG_2024],
])(
  "a program using SignInToken and SignInTokens passes tsc --noEmit with %s",
  async (_name, tsconfig) => {
    const project = createTempProject({
      repoRoot: REPO_ROOT,
      prefix: "clerk-typecheck-",
      pulumiYaml: "name: typecheck\nruntime: nodejs\n",
      files: { "index.ts": PROGRAM, "tsconfig.json": JSON.stringify(tsconfig, null, 2) },
    });
    projects.push(project);
    const tsc = require.resolve("typescript/bin/tsc", { paths: [REPO_ROOT] });
    const result = await run(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: project }).then(
      () => "",
      (err: { stdout: string }) => err.stdout,
    );
    expect(result).toBe("");
  },
  120_000,
);
