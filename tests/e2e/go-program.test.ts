import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { testSecretKey } from "../support/env";
import { REPO_ROOT } from "../support/serialized-provider";
import { GoProgramProject } from "./go-program";

/*
 * The Go program harness (tests/e2e/go-program/, tests/e2e/go-program.ts), up to where the
 * `clerk` provider plugin takes over: the program compiles against the generated Go SDK,
 * drives a stack on a local file backend, and without the plugin the engine stops at it.
 */

const SCHEMA_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "provider", "plugin", "schema.json"), "utf8")) as { version: string })
  .version;

let project: GoProgramProject;

beforeAll(async () => {
  project = await GoProgramProject.create({
    env: { CLERK_SECRET_KEY: testSecretKey(), CLERK_API_URL: "http://127.0.0.1:9", E2E_USER_ID: "user_go" },
  });
  // No plugin may be found on PATH here, whatever else a machine has installed.
  project.env.PATH = project.env.PATH.split(delimiter)
    .filter((dir) => !existsSync(join(dir, "pulumi-resource-clerk")))
    .join(delimiter);
}, 30 * 60_000);

afterAll(() => project?.remove());

test("a new stack has no outputs, printed as a JSON object", async () => {
  expect(await project.ok(["outputs"])).toEqual({});
  expect(readFileSync(join(project.workDir, "Pulumi.yaml"), "utf8")).toMatch(/^name: clerk-e2e-go\nruntime: go\n/);
});

test("without the clerk plugin, preview fails with the engine's missing-plugin error and prints nothing on stdout", async () => {
  const result = await project.run(["preview"]);
  expect(result.code).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain(
    `error: no resource plugin 'pulumi-resource-clerk' found in the workspace at version v${SCHEMA_VERSION} or on your $PATH`,
  );
  expect(result.stderr).toContain("go-program: preview failed:");
});

test("a usage error exits 2 and names the commands", async () => {
  const result = await project.run(["deploy"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('unknown command "deploy" (up, preview [--refresh], refresh, destroy, outputs)');
});
