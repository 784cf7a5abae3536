import type { ClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { startEmulatorProject, stopEmulatorProject, type PulumiProject } from "./pulumi-project";
import { TICKETS_PROGRAM } from "./program";
import { plannedTicketSteps, sleepUntil, stackOutputs, ticketsInState } from "./stack-queries";

/*
 * renewBeforeSeconds under the real CLI. A ticket of 60 s with renewBeforeSeconds 55 is
 * due 5 s after it was minted: from then on `refresh` drops it from the state and the
 * next `up` mints a new one.
 *
 * `refresh` never calls the provider's delete, so the provider revokes a ticket that is
 * due but still valid before reporting it gone: out of the state, nothing would ever
 * revoke it. An expired ticket is simply dropped.
 */

const KEY = testSecretKey();
const SOON = { userId: "user_renew", expiresInSeconds: 60, renewBeforeSeconds: 55 };
const LATER = { userId: "user_keep", expiresInSeconds: 3600, renewBeforeSeconds: 15 };
const EXPIRES = { userId: "user_short", expiresInSeconds: 3 }; // renewBeforeSeconds 0
let emulator: ClerkEmulator;
let project: PulumiProject;

beforeAll(async () => {
  ({ emulator, project } = await startEmulatorProject({ key: KEY, users: ["user_renew", "user_keep", "user_short"], program: TICKETS_PROGRAM }));
  project.writeFile("tickets.json", JSON.stringify({ soon: SOON, later: LATER, expires: EXPIRES }));
}, 30 * 60_000);

afterAll(() => stopEmulatorProject(project, emulator));

/**
 * After a renewing run: "soon" and "expires" hold new pending tickets (two minted since
 * `mintedBefore`), "later" kept its own. Ids and statuses only, so failures print no ticket.
 */
async function expectRenewed(previous: Record<string, string>, mintedBefore: number): Promise<Record<string, string>> {
  const now = await ticketsInState(project);
  expect(now.later).toBe(previous.later);
  expect(now.soon).not.toBe(previous.soon);
  expect(now.expires).not.toBe(previous.expires);
  expect(emulator.tokens().length).toBe(mintedBefore + 2);
  const held = (id: string) => ({ userId: emulator.token(id)?.userId, status: emulator.token(id)?.status });
  expect(held(now.soon)).toEqual({ userId: "user_renew", status: "pending" });
  expect(held(now.expires)).toEqual({ userId: "user_short", status: "pending" });
  return now;
}

/** When every ticket of `names` in the current outputs is due (past expiresAt − renewBeforeSeconds). */
async function dueTime(...names: Array<"soon" | "expires">): Promise<number> {
  const { expiresAt } = await stackOutputs(project);
  const renewBefore = { soon: SOON.renewBeforeSeconds, expires: 0 };
  return Math.max(...names.map((n) => Date.parse(expiresAt[n]) - renewBefore[n] * 1000)) + 500;
}

describe("renewal under the Pulumi CLI", () => {
  let first: Record<string, string>;

  it("refresh drops a ticket in its renewal window and an expired one, keeps one outside its window; up mints new ones", async () => {
    await project.ok(["up", "--yes", "--skip-preview"]);
    first = await ticketsInState(project);
    expect(Object.keys(first).sort()).toEqual(["expires", "later", "soon"]);

    await sleepUntil(await dueTime("soon", "expires"));
    const refresh = await project.ok(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.stdout).toMatch(/2 deleted/);
    expect(await ticketsInState(project)).toEqual({ later: first.later });
    // The due ticket still worked, so refresh revoked it; the expired one is left alone.
    expect(emulator.token(first.soon)!.expiresAt).toBeGreaterThan(Date.now());
    expect(emulator.token(first.soon)?.status).toBe("revoked");
    expect(emulator.token(first.expires)?.status).toBe("pending");
    expect(emulator.token(first.later)?.status).toBe("pending");

    const before = emulator.tokens().length;
    const up = await project.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/2 created/);
    const second = await expectRenewed(first, before);
    const revealed = await stackOutputs(project, true);
    expect(revealed.urls.soon === emulator.token(second.soon)!.url).toBe(true);
    first = second;
  });

  it("plain up renews due tickets by replacing them: new ones minted, old ones revoked", async () => {
    await sleepUntil(await dueTime("soon", "expires"));
    const before = emulator.tokens().length;
    expect(await plannedTicketSteps(project)).toEqual([
      ["replace", "expires"],
      ["replace", "soon"],
    ]);
    const up = await project.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/2 replaced/);
    const second = await expectRenewed(first, before);
    expect(emulator.token(first.soon)?.status).toBe("revoked");
    first = second;
  });

  it("up --refresh drops and mints in one run", async () => {
    await sleepUntil(await dueTime("soon", "expires"));
    const before = emulator.tokens().length;
    const up = await project.ok(["up", "--refresh", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/2 created/);
    const third = await expectRenewed(first, before);
    expect(emulator.token(first.soon)?.status).toBe("revoked");
    first = third;
  });

  it("destroy revokes the tickets the state holds", async () => {
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(emulator.token(first.later)?.status).toBe("revoked");
    expect(emulator.token(first.soon)?.status).toBe("revoked");
  });
});
