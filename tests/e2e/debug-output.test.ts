import type { ClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { TICKETS_PROGRAM } from "./program";
import { type PulumiProject, startEmulatorProject, stopEmulatorProject } from "./pulumi-project";
import { expectNoSecretsIn, secretsOf } from "./secret-audit";

/*
 * `--debug` is the flag a pipeline turns on first when something goes wrong. @pulumi/pulumi
 * prints each resource registration's answer at debug level, outputs decrypted; the package
 * redacts tickets from those lines (provider/dynamic/debug-redaction.ts). Under the real CLI:
 * the line is there, the ticket is not.
 */

const KEY = testSecretKey();
let emulator: ClerkEmulator;
let project: PulumiProject;

beforeAll(async () => {
  ({ emulator, project } = await startEmulatorProject({ key: KEY, users: ["user_dbg"], program: TICKETS_PROGRAM }));
  project.writeFile("tickets.json", JSON.stringify({ dbg: { userId: "user_dbg", expiresInSeconds: 900 } }));
}, 30 * 60_000);
afterAll(() => stopEmulatorProject(project, emulator));

test("pulumi up --debug and pulumi preview --debug print the registration lines without the ticket or its link", async () => {
  const up = await project.ok(["up", "--yes", "--skip-preview", "--debug"]);
  const preview = await project.ok(["preview", "--debug"]);
  for (const run of [up, preview]) {
    // Booleans, so that a failure cannot print a ticket.
    const text = run.stdout + run.stderr;
    const line =
      /RegisterResource RPC finished: resource:dbg\[pulumi-nodejs:dynamic\/clerk:SignInToken\]; err: null, resp: [\s\S]*?\[secret\]/;
    expect(line.test(text)).toBe(true);
    expect(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.test(text)).toBe(false);
  }
  expect(emulator.tokens()).toHaveLength(1);
  expectNoSecretsIn(
    [
      { path: "up --debug", text: up.stdout + up.stderr },
      { path: "preview --debug", text: preview.stdout + preview.stderr },
    ],
    secretsOf(KEY, emulator),
  );
  await project.ok(["destroy", "--yes", "--skip-preview"]);
});
