import type { ClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { TICKETS_PROGRAM } from "./program";
import { type PulumiProject, startEmulatorProject, stopEmulatorProject } from "./pulumi-project";
import { ticketsInState } from "./stack-queries";

/*
 * A Clerk outage: for 60 s every request is answered 503 maintenance_mode (a timed window
 * on the emulator, not a probability). With the default settings a call retries until its
 * deadline (120 s), so `up` and `destroy` wait the outage out. With the old cap of 8
 * attempts, about 13 s of back-off, the same outage fails the destroy: that control run
 * shows the cap is what this test is about.
 */

const KEY = testSecretKey();
const TICKETS = 20;
const OUTAGE_SECONDS = 60;
let emulator: ClerkEmulator;
let project: PulumiProject;

beforeAll(async () => {
  ({ emulator, project } = await startEmulatorProject({ key: KEY, users: ["user_outage"], program: TICKETS_PROGRAM }));
  const spec = Object.fromEntries(Array.from({ length: TICKETS }, (_, i) => [`t${i}`, { userId: "user_outage", expiresInSeconds: 3600 }]));
  project.writeFile("tickets.json", JSON.stringify(spec));
}, 30 * 60_000);
afterAll(() => stopEmulatorProject(project, emulator));

/** Retry notices of one run, per Clerk route. */
function retries(output: string, route: RegExp): number {
  return output.split("\n").filter((line) => route.test(line) && /HTTP 503 maintenance_mode .*; retrying in/.test(line)).length;
}

test(
  `up during a ${OUTAGE_SECONDS} s outage waits it out: every ticket minted once, nothing pending, a retry line per attempt`,
  async () => {
    emulator.outage(OUTAGE_SECONDS);
    const up = await project.ok(["up", "--yes", "--skip-preview"]);
    expect(emulator.currentOutage()).toBeUndefined(); // it succeeded after the outage, not around it
    const tracked = Object.values(await ticketsInState(project));
    expect(tracked).toHaveLength(TICKETS);
    // No duplicate: Clerk holds exactly the tickets the state tracks.
    expect(
      emulator
        .tokens()
        .map((t) => t.id)
        .sort(),
    ).toEqual([...tracked].sort());
    expect(emulator.tokens({ status: "pending" })).toHaveLength(TICKETS);
    expect(up.stdout).not.toMatch(/pending operations/);
    expect(retries(up.stdout, /Clerk API POST \/sign_in_tokens:/)).toBeGreaterThanOrEqual(TICKETS * 5);
    expect(emulator.requestCount({ route: "create", status: 503 })).toBeGreaterThanOrEqual(TICKETS * 5);
  },
  10 * 60_000,
);

test(`with the old cap of 8 attempts, the same outage fails destroy, and the tickets stay tracked and live`, async () => {
  emulator.outage(OUTAGE_SECONDS);
  const destroy = await project.run(["destroy", "--yes", "--skip-preview"], { CLERK_MAX_ATTEMPTS: "8" });
  expect(destroy.code).not.toBe(0);
  expect(destroy.stdout + destroy.stderr).toMatch(
    /CLERK_API_ERROR: Clerk API POST \/sign_in_tokens\/sit_\w+\/revoke failed after 8 attempts with HTTP 503/,
  );
  expect(Object.values(await ticketsInState(project)).length).toBeGreaterThan(0);
  emulator.endOutage();
});

test(
  `destroy during a ${OUTAGE_SECONDS} s outage waits it out with the defaults: every ticket revoked`,
  async () => {
    emulator.outage(OUTAGE_SECONDS);
    const destroy = await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(emulator.currentOutage()).toBeUndefined();
    expect(await ticketsInState(project)).toEqual({});
    expect(emulator.tokens({ status: "pending" })).toEqual([]);
    expect(emulator.tokens({ status: "revoked" })).toHaveLength(TICKETS);
    expect(retries(destroy.stdout, /Clerk API POST \/sign_in_tokens\/sit_\w+\/revoke:/)).toBeGreaterThan(0);
  },
  10 * 60_000,
);
