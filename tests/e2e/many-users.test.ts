import type { ClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { type PulumiProject, startEmulatorProject, stopEmulatorProject } from "./pulumi-project";
import { SIGN_IN_TOKENS_PROGRAM } from "./sign-in-tokens-program";
import { plannedTicketSteps, stackOutputs, ticketsInState } from "./stack-queries";

/*
 * SignInTokens under the real CLI: a cast of users as one component. Adding or removing
 * a user touches that user's ticket only; `urls` is one secret map.
 */

const KEY = testSecretKey();
let emulator: ClerkEmulator;
let project: PulumiProject;

beforeAll(async () => {
  ({ emulator, project } = await startEmulatorProject({
    key: KEY,
    users: ["user_admin", { id: "user_viewer", emailAddresses: ["viewer@example.com"] }, "user_billing", "user_support"],
    program: SIGN_IN_TOKENS_PROGRAM,
  }));
}, 30 * 60_000);

afterAll(() => stopEmulatorProject(project, emulator));

const CAST: Record<string, unknown> = {
  admin: "user_admin",
  viewer: { userEmail: "viewer@example.com" },
  billing: { userId: "user_billing", expiresInSeconds: 600 },
};
const DEFAULTS = { expiresInSeconds: 3600, triggers: { env: "pr-12" } };

function users(cast: Record<string, unknown>, extra: Record<string, unknown> = {}): void {
  project.writeFile("users.json", JSON.stringify({ users: cast, defaults: DEFAULTS, ...extra }));
}

describe("SignInTokens under the Pulumi CLI", () => {
  let first: Record<string, string>;

  it("mints one ticket per user, as children of the component, with the defaults filled in", async () => {
    users(CAST);
    expect(await plannedTicketSteps(project)).toEqual([
      ["create", "team-admin"],
      ["create", "team-billing"],
      ["create", "team-viewer"],
    ]);
    await project.ok(["up", "--yes", "--skip-preview"]);
    first = await ticketsInState(project);
    expect(Object.keys(first).sort()).toEqual(["team-admin", "team-billing", "team-viewer"]);

    const state = JSON.parse((await project.ok(["stack", "export"])).stdout);
    const component = state.deployment.resources.find((r: { type: string }) => r.type === "clerk:index:SignInTokens");
    expect(component.urn).toMatch(/::team$/);
    const children = state.deployment.resources.filter((r: { parent?: string }) => r.parent === component.urn);
    expect(children).toHaveLength(3);

    const held = (name: string) => emulator.token(first[name])!;
    expect(held("team-admin")).toMatchObject({ userId: "user_admin", status: "pending" });
    expect(held("team-viewer")).toMatchObject({ userId: "user_viewer", status: "pending" });
    expect(held("team-admin").expiresAt - held("team-admin").createdAt).toBe(3_600_000);
    expect(held("team-billing").expiresAt - held("team-billing").createdAt).toBe(600_000);
  });

  it("urls is a secret; --show-secrets gives the emulator's URLs; ids and expiresAt are plain", async () => {
    const masked = await stackOutputs(project);
    expect(masked.urls).toBe("[secret]");
    expect(masked.ids).toEqual({ admin: first["team-admin"], viewer: first["team-viewer"], billing: first["team-billing"] });
    expect(Object.keys(masked.expiresAt).sort()).toEqual(["admin", "billing", "viewer"]);
    const revealed = await stackOutputs(project, true);
    expect(revealed.urls).toEqual({
      admin: emulator.token(first["team-admin"])!.url,
      viewer: emulator.token(first["team-viewer"])!.url,
      billing: emulator.token(first["team-billing"])!.url,
    });
  });

  it("adding a user mints that user's ticket only", async () => {
    users({ ...CAST, support: "user_support" });
    expect(await plannedTicketSteps(project)).toEqual([["create", "team-support"]]);
    const before = emulator.tokens().length;
    const up = await project.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/1 created/);
    const now = await ticketsInState(project);
    expect(now).toEqual({ ...first, "team-support": now["team-support"] });
    expect(emulator.tokens().length).toBe(before + 1);
    expect(emulator.token(now["team-support"])).toMatchObject({ userId: "user_support", status: "pending" });
    first = now;
  });

  it("removing a user revokes that user's ticket only", async () => {
    const { viewer: _removed, ...rest } = CAST;
    users({ ...rest, support: "user_support" });
    expect(await plannedTicketSteps(project)).toEqual([["delete", "team-viewer"]]);
    const before = emulator.tokens().length;
    const up = await project.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/1 deleted/);
    const { "team-viewer": viewer, ...others } = first;
    expect(await ticketsInState(project)).toEqual(others);
    expect(emulator.token(viewer)?.status).toBe("revoked");
    for (const id of Object.values(others)) expect(emulator.token(id)?.status).toBe("pending");
    expect(emulator.tokens().length).toBe(before);
    first = others;
  });

  it("a users map given as an Output fails preview with the reason, and the stack is untouched", async () => {
    users({ admin: "user_admin" }, { usersAsOutput: true });
    const result = await project.run(["preview"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/SignInTokens "team": users must be a plain object written in the program/);
    expect(await ticketsInState(project)).toEqual(first);
  });

  it("destroy revokes every ticket of the set", async () => {
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    for (const id of Object.values(first)) expect(emulator.token(id)?.status).toBe("revoked");
    expect(emulator.tokens({ status: "pending" })).toEqual([]);
  });
});
