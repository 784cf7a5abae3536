import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import type { ClerkEmulator } from "../../emulator";
import { maskTickets } from "../../scripts/lib/browser-sign-in";
import { runCommand } from "../../scripts/lib/temp-project";
import { requireChromium } from "../support/chromium";
import { testSecretKey } from "../support/env";
import { REPO_ROOT } from "../support/serialized-provider";
import { type PulumiProject, startEmulatorProject, stopEmulatorProject } from "./pulumi-project";
import { secretsOf } from "./secret-audit";

/*
 * examples/playwright end to end: its Pulumi program mints a link per role under the real
 * CLI, then the real @playwright/test runner (Debian's Chromium) runs its tests: the global
 * setup reads the links with `pulumi stack output --show-secrets`, each of the two workers
 * signs in once with its role's link, and all the tests of a worker run signed in from
 * its storage state. The runner's environment holds no Clerk key.
 */

const KEY = testSecretKey();
const USERS = { admin: "user_pw_admin", viewer: "user_pw_viewer" } as const;
const EXAMPLE = join(REPO_ROOT, "examples", "playwright");
const FILES = [
  "Pulumi.yaml",
  "index.ts",
  "playwright.config.ts",
  "global-setup.ts",
  "stack-file.ts",
  "fixtures.ts",
  "tests/signed-in.spec.ts",
];

let emulator: ClerkEmulator | undefined;
let project: PulumiProject | undefined;

beforeAll(async () => {
  requireChromium();
  ({ emulator, project } = await startEmulatorProject({ key: KEY, users: Object.values(USERS), program: "" }));
  // The example's own files, as a user copies them (the project has the package installed).
  for (const file of FILES) {
    mkdirSync(dirname(join(project.dir, file)), { recursive: true });
    project.writeFile(file, readFileSync(join(EXAMPLE, file), "utf8"));
  }
  // Its Pulumi.yaml names another project, whose stack this is.
  await project.ok(["stack", "init", "dev"]);
  for (const [role, userId] of Object.entries(USERS)) await project.ok(["config", "set", "--path", `testUsers.${role}`, userId]);
  await project.ok(["config", "set", "signInPage", emulator.signInPage]);
}, 30 * 60_000);

afterAll(() => stopEmulatorProject(project, emulator));

/** A Playwright JSON report's tests, flattened: title, status, the worker that ran it. */
interface RanTest {
  title: string;
  status: string;
  parallelIndex: number;
  errors: string[];
}

function ranTests(report: { suites?: unknown[] }): RanTest[] {
  const out: RanTest[] = [];
  type Suite = {
    suites?: Suite[];
    specs?: Array<{
      title: string;
      tests: Array<{ status: string; results: Array<{ parallelIndex: number; errors?: Array<{ message?: string }> }> }>;
    }>;
  };
  const walk = (suite: Suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        const last = t.results[t.results.length - 1];
        out.push({
          title: spec.title,
          status: t.status,
          parallelIndex: last?.parallelIndex ?? -1,
          errors: (last?.errors ?? []).map((e) => maskTickets(stripVTControlCharacters(e.message ?? ""))),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of (report.suites ?? []) as Suite[]) walk(suite);
  return out;
}

it(
  "pulumi up mints a link per role; Playwright's workers each sign in once and every test runs signed in",
  async () => {
    // TypeScript is type-checked by the repo's own tsc (tsconfig.test.json); here it only runs.
    await project!.ok(["up", "--yes", "--skip-preview"], { PULUMI_NODEJS_TRANSPILE_ONLY: "true" });
    expect(
      emulator!
        .tokens({ status: "pending" })
        .map((t) => t.userId)
        .sort(),
    ).toEqual(Object.values(USERS).sort());

    // The test runner's environment: the backend's (to read the stack) and the browser, no Clerk setting.
    const env: Record<string, string> = { ...project!.env, CHROMIUM_PATH: requireChromium(), PLAYWRIGHT_JSON_OUTPUT_NAME: "report.json" };
    delete env.CLERK_SECRET_KEY;
    delete env.CLERK_API_URL;
    const cli = require.resolve("@playwright/test/cli", { paths: [project!.dir] });
    const run = await runCommand(process.execPath, [cli, "test", "--reporter=json"], { cwd: project!.dir, env });
    const printed = run.stdout + run.stderr;
    const report = existsSync(join(project!.dir, "report.json")) ? JSON.parse(readFileSync(join(project!.dir, "report.json"), "utf8")) : {};
    const tests = ranTests(report);
    expect({
      code: run.code,
      failing: tests.filter((t) => t.status !== "expected"),
      // Playwright's own errors (the global setup's, a config's) when no test ran.
      errors: (report.errors ?? []).map((e: { message?: string }) => maskTickets(e.message ?? "")),
      printedOnFailure: run.code === 0 ? "" : maskTickets(printed).slice(-2000),
    }).toEqual({ code: 0, failing: [], errors: [], printedOnFailure: "" });
    expect(tests.map((t) => t.title).sort()).toEqual([
      "a later test of the same worker is signed in too",
      "every role has a worker of its own",
      "the app shows the worker's user signed in",
      "the session is in Clerk's cookie, not in the address",
    ]);
    // Two workers ran the tests (parallel indexes 0 and 1: one role each).
    expect([...new Set(tests.map((t) => t.parallelIndex))].sort()).toEqual([0, 1]);

    // Each link was used once: one session per role, whatever the number of tests.
    for (const [role, userId] of Object.entries(USERS)) {
      expect({
        role,
        statuses: emulator!.tokens({ userId }).map((t) => t.status),
        sessions: emulator!.sessions({ userId }).length,
      }).toEqual({
        role,
        statuses: ["accepted"],
        sessions: 1,
      });
    }
    // The links never reached the runner's output, and the file that held them is gone.
    expect(secretsOf(KEY, emulator!).some((secret) => printed.includes(secret))).toBe(false);
    expect(existsSync(join(project!.dir, ".auth", "stack.json"))).toBe(false);

    await project!.ok(["destroy", "--yes", "--skip-preview"]);
    expect(emulator!.tokens({ status: "pending" }).map((t) => t.id)).toEqual([]);
  },
  10 * 60_000,
);
