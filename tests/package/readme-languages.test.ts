import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import { installPlugin } from "../e2e/plugin-archive";
import { PulumiProject } from "../e2e/pulumi-project";
import { pulumiYamlDir } from "../e2e/pulumi-yaml";
import { testSecretKey } from "../support/env";
import { REPO_ROOT } from "../support/serialized-provider";

const run = promisify(execFile);

/*
 * The README's programs in other languages hold against the plugin and the generated SDKs,
 * so that what users copy works: the YAML program previews against the installed plugin
 * (Pulumi YAML checks every property against the schema), the Go program builds against
 * sdk/go, the Python program compiles. The C# and Java programs need SDKs that cannot be
 * generated here; their names follow the generators' rules for the schema's language sections.
 */

const README = readFileSync(join(REPO_ROOT, "README.md"), "utf8");

function block(language: string): string {
  const found = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(README);
  if (!found) throw new Error(`README: no \`\`\`${language} block`);
  return found[1];
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

test("the YAML program previews against the installed plugin, sending Clerk nothing", async () => {
  const key = testSecretKey();
  const emulator: ClerkEmulator = await startClerkEmulator({ secretKey: key });
  const project = await PulumiProject.createYaml({ yaml: block("yaml"), yamlHostDir: await pulumiYamlDir() });
  try {
    await installPlugin(project.env, project.dir);
    await project.ok(["stack", "init", "dev"]);
    await project.ok(["config", "set", "--secret", "clerk:secretKey"], {}, key);
    await project.ok(["config", "set", "clerk:apiUrl", emulator.url]);
    const preview = await project.ok(["preview"]);
    expect(preview.stdout).toMatch(/\+ 5 to create/);
    expect(emulator.requests()).toEqual([]);
  } finally {
    project.remove();
    await emulator.stop();
  }
}, 600_000);

test("the Go program builds against the generated Go SDK", async () => {
  const dir = mkdtempSync(join(tmpdir(), "clerk-readme-go-"));
  dirs.push(dir);
  // The e2e program's module file and sums: the same requirements, and the SDK from this repo.
  const goMod = readFileSync(join(REPO_ROOT, "tests", "e2e", "go-program", "go.mod"), "utf8")
    .replace(/^module .*$/m, "module readme-example")
    .replace(/=> \.\.\/\.\.\/\.\.\/sdk/, `=> ${join(REPO_ROOT, "sdk")}`);
  writeFileSync(join(dir, "go.mod"), goMod);
  writeFileSync(join(dir, "go.sum"), readFileSync(join(REPO_ROOT, "tests", "e2e", "go-program", "go.sum")));
  writeFileSync(join(dir, "main.go"), block("go"));
  await run("go", ["build", "-buildvcs=false", "-mod=readonly", "-o", join(dir, "program"), "."], {
    cwd: dir,
    env: { ...process.env, GOWORK: "off", GOFLAGS: "" },
    maxBuffer: 16 * 1024 * 1024,
  });
}, 600_000);

test("the Python program compiles", async () => {
  const dir = mkdtempSync(join(tmpdir(), "clerk-readme-py-"));
  dirs.push(dir);
  writeFileSync(join(dir, "__main__.py"), block("python"));
  await run("python3", ["-m", "py_compile", join(dir, "__main__.py")], {
    env: { ...process.env, PYTHONPYCACHEPREFIX: join(dir, "cache") },
  });
});
