import type { ClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { TICKETS_PROGRAM } from "./program";
import { type PulumiProject, startEmulatorProject, stopEmulatorProject } from "./pulumi-project";
import { plannedTicketSteps, sleepUntil, stackOutputs, ticketsInState } from "./stack-queries";

/*
 * renewBeforeSeconds under the real CLI. A ticket of 60 s with renewBeforeSeconds 55 is
 * due 5 s after it was minted: from then on `up` replaces it (a new ticket minted, the old
 * one revoked). `refresh` and previews change nothing at Clerk: a due ticket stays in the
 * state until `up` replaces it; an expired one, which signs no one in, is dropped.
 */

const KEY = testSecretKey();
const SOON = { userId: "user_renew", expiresInSeconds: 60, renewBeforeSeconds: 55 };
const LATER = { userId: "user_keep", expiresInSeconds: 3600, renewBeforeSeconds: 15 };
const EXPIRES = { userId: "user_short", expiresInSeconds: 3 }; // renewBeforeSeconds 0
let emulator: ClerkEmulator;
let project: PulumiProject;

beforeAll(async () => {
  ({ emulator, project } = await startEmulatorProject({
    key: KEY,
    users: ["user_renew", "user_keep", "user_short"],
    program: TICKETS_PROGRAM,
  }));
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

  it("previews and refresh send Clerk nothing; refresh drops only the expired ticket; up renews both", async () => {
    await project.ok(["up", "--yes", "--skip-preview"]);
    first = await ticketsInState(project);
    expect(Object.keys(first).sort()).toEqual(["expires", "later", "soon"]);

    await sleepUntil(await dueTime("soon", "expires"));
    emulator.resetRequests();
    await project.ok(["preview", "--refresh"]);
    // PULUMI_SKIP_CONFIRMATIONS means --yes, which --preview-only refuses.
    await project.ok(["refresh", "--preview-only"], { PULUMI_SKIP_CONFIRMATIONS: undefined });
    expect(emulator.requests()).toEqual([]);

    const refresh = await project.ok(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.stdout).toMatch(/1 deleted/);
    expect(await ticketsInState(project)).toEqual({ soon: first.soon, later: first.later });
    expect(emulator.requests()).toEqual([]);
    for (const id of Object.values(first)) expect(emulator.token(id)?.status).toBe("pending");

    const before = emulator.tokens().length;
    const up = await project.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/1 created/);
    expect(up.stdout).toMatch(/1 replaced/);
    const second = await expectRenewed(first, before);
    expect(emulator.token(first.soon)?.status).toBe("revoked");
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

  it("up --refresh renews in one run: the expired ticket dropped and minted again, the due one replaced", async () => {
    await sleepUntil(await dueTime("soon", "expires"));
    const before = emulator.tokens().length;
    const up = await project.ok(["up", "--refresh", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/1 created/);
    expect(up.stdout).toMatch(/1 replaced/);
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
