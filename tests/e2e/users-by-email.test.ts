import type { ClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { TICKETS_PROGRAM } from "./program";
import { type PulumiProject, startEmulatorProject, stopEmulatorProject } from "./pulumi-project";
import { stackOutputs, ticketsInState } from "./stack-queries";

/*
 * `userEmail` under the real CLI: the user is looked up at Clerk by email address; no
 * match, or several, fails `up` with a message naming the address, and mints nothing.
 */

const KEY = testSecretKey();
let emulator: ClerkEmulator;
let project: PulumiProject;

beforeAll(async () => {
  ({ emulator, project } = await startEmulatorProject({
    key: KEY,
    users: [
      { id: "user_ann", emailAddresses: ["ann@example.com"] },
      { id: "user_ben", emailAddresses: ["ben@example.com"] },
      // Clerk refuses duplicate addresses; the emulator allows seeding them, to test the error.
      { id: "user_twin_a", emailAddresses: ["twins@example.com"] },
      { id: "user_twin_b", emailAddresses: ["twins@example.com"] },
    ],
    program: TICKETS_PROGRAM,
  }));
}, 30 * 60_000);

afterAll(() => stopEmulatorProject(project, emulator));

function tickets(spec: Record<string, Record<string, unknown>>): void {
  project.writeFile("tickets.json", JSON.stringify(spec));
}

const GOOD = {
  ann: { userEmail: "ann@example.com", expiresInSeconds: 3600 },
  ben: { userEmail: "Ben@Example.com", expiresInSeconds: 3600 },
};

describe("userEmail under the Pulumi CLI", () => {
  let first: Record<string, string>;

  it("resolves each address to its user (ignoring case); the ticket and the userId output are that user's", async () => {
    tickets(GOOD);
    await project.ok(["up", "--yes", "--skip-preview"]);
    first = await ticketsInState(project);
    expect(emulator.token(first.ann)).toMatchObject({ userId: "user_ann", status: "pending" });
    expect(emulator.token(first.ben)).toMatchObject({ userId: "user_ben", status: "pending" });
    const state = JSON.parse((await project.ok(["stack", "export"])).stdout);
    const outs = Object.fromEntries(
      state.deployment.resources
        .filter((r: { id?: string }) => r.id === first.ann || r.id === first.ben)
        .map((r: { urn: string; outputs: Record<string, unknown> }) => [r.urn.split("::").pop(), r.outputs]),
    );
    expect(outs.ann).toMatchObject({ userId: "user_ann", userEmail: "ann@example.com" });
    expect(outs.ben).toMatchObject({ userId: "user_ben", userEmail: "Ben@Example.com" });
    // A boolean, so that a failure does not print the URL.
    expect((await stackOutputs(project, true)).urls.ann === emulator.token(first.ann)!.url).toBe(true);
  });

  it("an address no user has fails up, naming it; nothing is minted and the other tickets stay", async () => {
    tickets({ ...GOOD, ghost: { userEmail: "nobody@example.com" } });
    const before = emulator.tokens().length;
    const result = await project.run(["up", "--yes", "--skip-preview"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/no Clerk user has the email address "nobody@example\.com"/);
    expect(emulator.tokens().length).toBe(before);
    expect(await ticketsInState(project)).toEqual(first);
  });

  it("an address two users share fails up, naming it and both users; nothing is minted", async () => {
    tickets({ ...GOOD, twin: { userEmail: "twins@example.com" } });
    const before = emulator.tokens().length;
    const result = await project.run(["up", "--yes", "--skip-preview"]);
    expect(result.code).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/2 Clerk users have the email address "twins@example\.com"/);
    expect(output).toContain("user_twin_a");
    expect(output).toContain("user_twin_b");
    expect(emulator.tokens().length).toBe(before);
    expect(await ticketsInState(project)).toEqual(first);
  });

  it("destroy revokes the tickets minted by email", async () => {
    tickets(GOOD);
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(emulator.tokens({ status: "pending" })).toEqual([]);
  });
});
