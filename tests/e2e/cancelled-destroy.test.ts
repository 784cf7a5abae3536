import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { REPO_ROOT } from "../support/serialized-provider";
import { TICKETS_PROGRAM } from "./program";
import { PulumiProject } from "./pulumi-project";
import { ticketsInState } from "./stack-queries";

/*
 * A pipeline's cancel button during `pulumi destroy`: the CLI finishes the revokes under way,
 * records them, and may exit 0 with tickets still in the state and live. The README's
 * pipeline recipe ends with a check that fails the job then (`pulumi stack rm` without
 * --force); this test runs that very line, then shows that a second destroy finishes.
 */

const KEY = testSecretKey();
const TICKETS = 30;
let emulator: ClerkEmulator;
let project: PulumiProject;

/** The commands of the README pipeline recipe's step that revokes and removes the stack. */
function recipeCleanUp(): string[] {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const step = /- name: Revoke and remove the stack\n[\s\S]*?run: \|\n((?: {10}.*\n)+)/.exec(readme);
  if (!step) throw new Error("README: the pipeline recipe has no 'Revoke and remove the stack' step");
  return step[1]
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

beforeAll(async () => {
  emulator = await startClerkEmulator({ secretKey: KEY, users: ["user_cancel"] });
  project = await PulumiProject.create({ program: TICKETS_PROGRAM, env: { CLERK_SECRET_KEY: KEY, CLERK_API_URL: emulator.url } });
  await project.ok(["stack", "init", "dev"]);
  const spec = Object.fromEntries(Array.from({ length: TICKETS }, (_, i) => [`t${i}`, { userId: "user_cancel", expiresInSeconds: 3600 }]));
  project.writeFile("tickets.json", JSON.stringify(spec));
  await project.ok(["up", "--yes", "--skip-preview"]);
}, 30 * 60_000);

afterAll(async () => {
  project?.remove();
  await emulator?.stop();
});

test("destroy cancelled by SIGINT leaves tickets; the recipe's stack rm fails the job; a second destroy finishes", async () => {
  const cleanUp = recipeCleanUp();
  const check = cleanUp.find((line) => line.startsWith("pulumi stack rm"));
  expect(check).toBeDefined();
  expect(check).not.toMatch(/--force|-f\b/);

  // A slow instance, so that the cancel lands while tickets are being revoked.
  emulator.setRateLimit({ requests: 10, windowSeconds: 5 });
  const child = spawn("pulumi", ["destroy", "--yes", "--skip-preview", "--non-interactive"], {
    cwd: project.dir,
    env: { ...project.env, CLERK_REQUESTS_PER_10_SECONDS: "20" },
    stdio: "ignore",
  });
  let running = true;
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      running = false;
      resolve(code);
    }),
  );
  while (running && emulator.tokens({ status: "revoked" }).length < 5) await new Promise((r) => setTimeout(r, 100));
  expect(running).toBe(true); // the cancel must land mid-run
  child.kill("SIGINT");
  const destroyExit = await exited;
  emulator.setRateLimit(false);

  const left = Object.values(await ticketsInState(project));
  expect(left.length).toBeGreaterThan(0);
  for (const id of left) expect(emulator.token(id)?.status).toBe("pending");
  console.log(`cancelled destroy exited ${destroyExit} with ${left.length} of ${TICKETS} tickets still in the state and live`);

  // The recipe's check, as the pipeline runs it: it refuses, and the job fails.
  const args = (check as string)
    .split(/\s+/)
    .slice(1)
    .filter((arg) => arg !== "--non-interactive");
  const refused = await project.run(args);
  expect(refused.code).not.toBe(0);
  expect(refused.stdout + refused.stderr).toMatch(/still has resources/);

  // Run again, the job finishes: every ticket revoked, the stack gone.
  await project.ok(["destroy", "--yes", "--skip-preview"]);
  expect(emulator.tokens({ status: "pending" })).toEqual([]);
  await project.ok(args);
});
