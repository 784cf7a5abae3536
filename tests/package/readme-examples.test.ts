import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTempProject, removeTempProject } from "../../scripts/lib/temp-project";
import { TYPESCRIPT_TEMPLATE_TSCONFIG } from "../support/pulumi-template";
import { REPO_ROOT } from "../support/serialized-provider";

const run = promisify(execFile);

/*
 * Every TypeScript example in the README compiles against the package as published, so
 * that what users copy works. A fragment that uses the package without importing it gets
 * the imports a program would have.
 */

const IMPORTS =
  'import * as pulumi from "@pulumi/pulumi";\n' +
  'import { SignInToken, SignInTokens } from "pulumi-clerk-sign-in-tokens";\n' +
  "void pulumi; void SignInToken; void SignInTokens;\n";

/** The README's ```ts blocks, each as a module. */
function readmeExamples(readme: string): string[] {
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(([, code]) => {
    const lines = code.split("\n");
    const imports = lines.filter((l) => l.startsWith("import "));
    let body = lines.filter((l) => !l.startsWith("import ")).join("\n");
    // An example of a script's steps (top-level await) runs inside an async function here.
    if (/^\s*(const .* = )?await /m.test(body))
      body = `export async function example(): Promise<void> {\n${body.replace(/^export /gm, "")}\n}`;
    const header = imports.some((l) => l.includes('"pulumi-clerk-sign-in-tokens"')) ? "" : IMPORTS;
    return `${header}${imports.join("\n")}\n${body}\nexport {};\n`;
  });
}

let project: string | undefined;
afterAll(() => project && removeTempProject(project));

it("every TypeScript example in the README compiles against the packed package", async () => {
  const examples = readmeExamples(readFileSync(join(REPO_ROOT, "README.md"), "utf8"));
  expect(examples.length).toBeGreaterThanOrEqual(5);
  const files = Object.fromEntries(examples.map((code, i) => [`example${i + 1}.ts`, code]));
  // Compiled as a program from today's `pulumi new typescript` template would be.
  const tsconfig = {
    compilerOptions: { ...TYPESCRIPT_TEMPLATE_TSCONFIG.compilerOptions, noEmit: true, types: ["node"] },
    files: Object.keys(files),
  };
  project = createTempProject({
    repoRoot: REPO_ROOT,
    prefix: "clerk-readme-",
    pulumiYaml: "name: readme\nruntime: nodejs\n",
    files: { ...files, "tsconfig.json": JSON.stringify(tsconfig) },
  });
  const tsc = require.resolve("typescript/bin/tsc", { paths: [REPO_ROOT] });
  const errors = await run(process.execPath, [tsc, "-p", project], { cwd: project }).then(
    () => "",
    (err: { stdout: string }) => err.stdout,
  );
  expect(errors).toBe("");
}, 120_000);
