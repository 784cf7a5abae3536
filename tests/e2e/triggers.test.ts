import type { ClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { TICKETS_PROGRAM } from "./program";
import { type PulumiProject, startEmulatorProject, stopEmulatorProject } from "./pulumi-project";
import { plannedTicketSteps, stackOutputs, ticketsInState } from "./stack-queries";

/*
 * `triggers` under the real CLI: any change mints a new ticket and revokes the old one
 * (one ticket per commit, per pipeline run); the same values leave the ticket alone. (Key
 * order cannot reach the provider from a program: the engine hands it property maps, not
 * JSON text. provider/diff.test.ts checks that diff ignores key order itself.)
 */

const KEY = testSecretKey();
let emulator: ClerkEmulator;
let project: PulumiProject;

beforeAll(async () => {
  ({ emulator, project } = await startEmulatorProject({ key: KEY, users: ["user_ci", "user_other"], program: TICKETS_PROGRAM }));
}, 30 * 60_000);

afterAll(() => stopEmulatorProject(project, emulator));

function tickets(triggers: Record<string, unknown>): void {
  project.writeFile(
    "tickets.json",
    JSON.stringify({
      ci: { userId: "user_ci", expiresInSeconds: 3600, triggers },
      other: { userId: "user_other", expiresInSeconds: 3600 },
    }),
  );
}

describe("triggers under the Pulumi CLI", () => {
  let first: Record<string, string>;

  it("the same triggers again change nothing", async () => {
    tickets({ commit: "a", run: { id: 41, attempt: 1 } });
    await project.ok(["up", "--yes", "--skip-preview"]);
    first = await ticketsInState(project);
    const before = emulator.tokens().length;

    expect(await plannedTicketSteps(project)).toEqual([]);
    const up = await project.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).not.toMatch(/to (create|update|replace|delete)|created|replaced|deleted/);
    expect(await ticketsInState(project)).toEqual(first);
    expect(emulator.tokens().length).toBe(before);
  });

  it("a changed trigger mints a new ticket for that resource only, and revokes the old one", async () => {
    tickets({ commit: "b", run: { id: 41, attempt: 1 } });
    const planned = await plannedTicketSteps(project);
    expect(planned.map(([, name]) => name)).toEqual(expect.arrayContaining(["ci"]));
    expect(planned.filter(([, name]) => name !== "ci")).toEqual([]);
    expect(planned.map(([op]) => op)).toContain("replace");

    const up = await project.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/1 replaced/);
    const second = await ticketsInState(project);
    expect(second.other).toBe(first.other);
    expect(second.ci).not.toBe(first.ci);
    expect(emulator.token(first.ci)?.status).toBe("revoked");
    expect(emulator.token(second.ci)).toMatchObject({ userId: "user_ci", status: "pending" });
    expect(emulator.token(first.other)?.status).toBe("pending");
    // A boolean, so that a failure does not print the URL.
    expect((await stackOutputs(project, true)).urls.ci === emulator.token(second.ci)!.url).toBe(true);
  });

  it("destroy leaves no pending ticket", async () => {
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(emulator.tokens({ status: "pending" })).toEqual([]);
  });
});
