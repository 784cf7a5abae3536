import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClerkEmulator } from "../../emulator";
import { installPackage, packPackage } from "../../scripts/lib/temp-project";
import { testSecretKey } from "../support/env";
import { REPO_ROOT } from "../support/serialized-provider";
import { TICKETS_PROGRAM } from "./program";
import { type PulumiProject, startEmulatorProject, stopEmulatorProject } from "./pulumi-project";
import { plannedTicketSteps, sleepUntil, ticketResources, ticketsInState } from "./stack-queries";

/*
 * States travel between versions. `refresh` and `destroy` run the provider stored in the
 * state with whatever version of the package is installed: 0.1.0 stored its own code,
 * which requires internal files of the package; since 0.2 the state names one module,
 * dist/provider/stored-provider.js. Both under the real CLI, the package swapped in
 * node_modules as an upgrade or a downgrade does.
 */

const RELEASE_0_1_0 = join(REPO_ROOT, "tests", "fixtures", "releases", "pulumi-clerk-sign-in-tokens-0.1.0.tgz");
const RELEASE_0_2_0 = join(REPO_ROOT, "tests", "fixtures", "releases", "pulumi-clerk-sign-in-tokens-0.2.0.tgz");
const USERS = ["user_kept", "user_renewed", "user_due"];

describe("tickets minted by 0.1.0, after an upgrade to this version", () => {
  const KEY = testSecretKey();
  let emulator: ClerkEmulator;
  let project: PulumiProject;
  let minted: Record<string, string>;
  // Due 10 s after it was minted: inside its renewal window for the rest of the test.
  const spec = {
    kept: { userId: "user_kept", expiresInSeconds: 3600 },
    renewed: { userId: "user_renewed", expiresInSeconds: 3600, renewBeforeSeconds: 60 },
    due: { userId: "user_due", expiresInSeconds: 60, renewBeforeSeconds: 50 },
  };

  beforeAll(async () => {
    ({ emulator, project } = await startEmulatorProject({ key: KEY, users: USERS, program: TICKETS_PROGRAM, tarball: RELEASE_0_1_0 }));
    project.writeFile("tickets.json", JSON.stringify(spec));
    await project.ok(["up", "--yes", "--skip-preview"]);
    minted = await ticketsInState(project);
    installPackage(project.dir, packPackage(REPO_ROOT));
  }, 30 * 60_000);

  afterAll(() => stopEmulatorProject(project, emulator));

  it("the state holds 0.1.0's provider code, which requires the package's internal files", async () => {
    const { kept } = await ticketResources(project);
    expect(String(kept.outputs.__provider)).toContain('require("pulumi-clerk-sign-in-tokens/dist/provider/outputs.js")');
    expect(Object.keys(minted).sort()).toEqual(["due", "kept", "renewed"]);
  });

  it("preview shows no update for the tickets nothing changed (no phantom update)", async () => {
    const steps = await plannedTicketSteps(project);
    expect(steps.filter(([, name]) => name !== "due")).toEqual([]);
  });

  it("previews and refresh run 0.1.0's read and send Clerk nothing, even for a ticket inside its renewal window", async () => {
    const { expiresAt } = (await ticketResources(project)).due.outputs as { expiresAt: string };
    await sleepUntil(Date.parse(expiresAt) - spec.due.renewBeforeSeconds * 1000 + 500);
    emulator.resetRequests();
    await project.ok(["preview", "--refresh"]);
    await project.ok(["refresh", "--preview-only"], { PULUMI_SKIP_CONFIRMATIONS: undefined });
    // The engine asks diff during refresh too: it may show the due ticket as about to change.
    const refresh = await project.ok(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.stdout).not.toMatch(/\d+ deleted/);
    expect(emulator.requests()).toEqual([]);
    expect(await ticketsInState(project)).toEqual(minted);
    for (const id of Object.values(minted)) expect(emulator.token(id)?.status).toBe("pending");
  });

  it("up updates a changed ticket in place and renews the due one; nothing else is minted", async () => {
    project.writeFile("tickets.json", JSON.stringify({ ...spec, renewed: { ...spec.renewed, renewBeforeSeconds: 120 } }));
    const before = emulator.tokens().length;
    const up = await project.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/1 updated/);
    expect(up.stdout).toMatch(/1 replaced/);
    expect(emulator.tokens().length).toBe(before + 1);
    const now = await ticketResources(project);
    expect(now.kept.id).toBe(minted.kept);
    expect(now.renewed.id).toBe(minted.renewed);
    expect(now.due.id).not.toBe(minted.due);
    expect(emulator.token(minted.due)?.status).toBe("revoked");
    // Updated and new tickets now store the reference; the untouched one keeps 0.1.0's code.
    expect(now.renewed.outputs.__provider).toContain("stored-provider.js");
    expect(now.due.outputs.__provider).toContain("stored-provider.js");
    expect(now.kept.outputs.__provider).toContain("dist/provider/outputs.js");
  });

  it("destroy revokes every ticket, 0.1.0's included", async () => {
    const tracked = await ticketsInState(project);
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    for (const id of Object.values(tracked)) expect(emulator.token(id)?.status).toBe("revoked");
    expect(emulator.tokens({ status: "pending" })).toEqual([]);
  });
});

describe("tickets minted by 0.2.0 (the first release whose state names the stored provider), after an upgrade to this version", () => {
  const KEY = testSecretKey();
  let emulator: ClerkEmulator;
  let project: PulumiProject;

  beforeAll(async () => {
    ({ emulator, project } = await startEmulatorProject({ key: KEY, users: USERS, program: TICKETS_PROGRAM, tarball: RELEASE_0_2_0 }));
    project.writeFile("tickets.json", JSON.stringify({ kept: { userId: "user_kept", expiresInSeconds: 3600 } }));
    await project.ok(["up", "--yes", "--skip-preview"]);
    installPackage(project.dir, packPackage(REPO_ROOT));
  }, 30 * 60_000);

  afterAll(() => stopEmulatorProject(project, emulator));

  it("previews no change, refreshes without a request, updates in place, and destroy revokes", async () => {
    const { kept } = await ticketsInState(project);
    expect((await ticketResources(project)).kept.outputs.__provider).toContain("dist/provider/stored-provider.js");
    expect(await plannedTicketSteps(project)).toEqual([]);
    emulator.resetRequests();
    const refresh = await project.ok(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.stdout).not.toMatch(/\d+ (deleted|updated)/);
    expect(emulator.requests()).toEqual([]);
    project.writeFile("tickets.json", JSON.stringify({ kept: { userId: "user_kept", expiresInSeconds: 3600, renewBeforeSeconds: 60 } }));
    const up = await project.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/1 updated/);
    expect((await ticketsInState(project)).kept).toBe(kept);
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(emulator.token(kept)?.status).toBe("revoked");
  });
});

describe("tickets minted by this version, after moving to another release that has the stored provider", () => {
  const KEY = testSecretKey();
  let emulator: ClerkEmulator;
  let project: PulumiProject;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "clerk-release-"));
    ({ emulator, project } = await startEmulatorProject({ key: KEY, users: USERS, program: TICKETS_PROGRAM }));
    project.writeFile("tickets.json", JSON.stringify({ kept: { userId: "user_kept", expiresInSeconds: 3600 } }));
  }, 30 * 60_000);

  afterAll(async () => {
    await stopEmulatorProject(project, emulator);
    rmSync(work, { recursive: true, force: true });
  });

  it("is previewed, refreshed and destroyed by a release whose internal files are elsewhere", async () => {
    await project.ok(["up", "--yes", "--skip-preview"]);
    const { kept } = await ticketsInState(project);
    installPackage(project.dir, releaseWithMovedInternals(work));

    expect(await plannedTicketSteps(project)).toEqual([]);
    emulator.resetRequests();
    const refresh = await project.ok(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.stdout).not.toMatch(/\d+ (deleted|updated)/);
    expect(emulator.requests()).toEqual([]);
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(emulator.token(kept)?.status).toBe("revoked");
  });
});

/**
 * This package as another release (earlier or later) may be: another version number, and
 * the provider's implementation in another file. Only the stored-provider module keeps its
 * path, as promised in stored-provider.ts.
 */
function releaseWithMovedInternals(work: string): string {
  const dir = join(work, "package");
  execFileSync("tar", ["-xzf", packPackage(REPO_ROOT), "-C", work]);
  const provider = join(dir, "dist", "provider");
  renameSync(join(provider, "dynamic", "provider.js"), join(provider, "dynamic", "provider-moved.js"));
  const entry = join(provider, "stored-provider.js");
  const code = readFileSync(entry, "utf8");
  if (!code.includes('require("./dynamic/provider")')) throw new Error("stored-provider.js no longer requires ./dynamic/provider");
  writeFileSync(entry, code.replace('require("./dynamic/provider")', 'require("./dynamic/provider-moved")'));
  const manifest = join(dir, "package.json");
  writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, "utf8")), version: "99.1.0" }));
  const tarball = join(work, "later-release.tgz");
  execFileSync("tar", ["-czf", tarball, "-C", work, "package"]);
  return tarball;
}
