import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { startEmulatorProject, stopEmulatorProject, type PulumiProject } from "./pulumi-project";
import { TICKETS_PROGRAM } from "./program";
import { expectNoSecretsIn, readablePlaces, secretsOf } from "./secret-audit";

/*
 * The whole path under the real Pulumi CLI: preview, up, refresh, replace, destroy,
 * on a local file backend in a temporary folder, against the emulator on 127.0.0.1.
 */

const KEY = testSecretKey();
let emulator: ClerkEmulator;
let project: PulumiProject;

beforeAll(async () => {
  ({ emulator, project } = await startEmulatorProject({ key: KEY, users: ["user_qa_admin", "user_qa_viewer"], program: TICKETS_PROGRAM }));
}, 30 * 60_000);

afterAll(() => stopEmulatorProject(project, emulator));

function tickets(spec: Record<string, Record<string, unknown>>): void {
  project.writeFile("tickets.json", JSON.stringify(spec));
}

async function outputs(showSecrets = false): Promise<Record<string, Record<string, string>>> {
  const args = ["stack", "output", "--json", ...(showSecrets ? ["--show-secrets"] : [])];
  return JSON.parse((await project.ok(args)).stdout);
}

describe("SignInToken under the Pulumi CLI", () => {
  it("preview plans one create and sends Clerk nothing", async () => {
    tickets({ admin: { userId: "user_qa_admin", expiresInSeconds: 3600 } });
    emulator.resetRequests();
    const preview = JSON.parse((await project.ok(["preview", "--json"])).stdout);
    const steps = preview.steps.filter((s: { urn: string }) => s.urn.includes("clerk:SignInToken"));
    expect(steps.map((s: { op: string; urn: string }) => [s.op, s.urn.split("::").pop()])).toEqual([["create", "admin"]]);
    expect(emulator.requests()).toEqual([]);
  });

  it("up mints the ticket; its URL is a secret output that --show-secrets reveals", async () => {
    await project.ok(["up", "--yes", "--skip-preview"]);
    const held = emulator.tokens({ userId: "user_qa_admin" });
    expect(held.map((t) => t.status)).toEqual(["pending"]);

    const masked = await outputs();
    expect(masked.urls.admin).toBe("[secret]");
    const revealed = await outputs(true);
    // A boolean, so that a failure does not print the URL.
    expect(revealed.urls.admin === held[0].url).toBe(true);
    expect(revealed.ids.admin).toBe(held[0].id);
  });

  it("keeps the key, the token and the URL out of the state and the backend files", async () => {
    const places = await readablePlaces(project);
    expectNoSecretsIn(places, secretsOf(KEY, emulator));
    const state = JSON.parse(places[0].text);
    const resource = state.deployment.resources.find((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/clerk:SignInToken");
    expect(resource.outputs.token).toHaveProperty("ciphertext");
    expect(resource.outputs.url).toHaveProperty("ciphertext");
  });

  it("refresh reports no change and keeps token and url", async () => {
    const before = await outputs(true);
    const refresh = await project.ok(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.stdout).not.toMatch(/[~-] +\d+ to (update|delete)/);
    // Compared as a boolean so that a failure does not print the URLs.
    expect(JSON.stringify(await outputs(true)) === JSON.stringify(before)).toBe(true);
    const state = JSON.parse((await project.ok(["stack", "export"])).stdout);
    const resource = state.deployment.resources.find((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/clerk:SignInToken");
    expect(resource.outputs.token).toHaveProperty("ciphertext");
    expect(resource.outputs.url).toHaveProperty("ciphertext");
    const noop = await project.ok(["preview"]);
    expect(noop.stdout).not.toMatch(/to (create|update|replace|delete)/);
  });

  it("a new version of the provider code updates in place: no new ticket, the state holds the new code", async () => {
    const [ticket] = emulator.tokens({ userId: "user_qa_admin", status: "pending" });
    const installed = join(project.dir, "node_modules", "pulumi-clerk-sign-in-tokens", "dist", "provider", "provider.js");
    const code = readFileSync(installed, "utf8");
    expect(code).toContain("async read(id, props) {");
    writeFileSync(installed, code.replace("async read(id, props) {", "async read(id, props) {\n        // a newer release\n"));
    const minted = emulator.tokens().length;

    const preview = JSON.parse((await project.ok(["preview", "--json"])).stdout);
    const ops = preview.steps.filter((s: { urn: string }) => s.urn.includes("clerk:SignInToken")).map((s: { op: string }) => s.op);
    expect(ops).toEqual(["update"]);
    await project.ok(["up", "--yes", "--skip-preview"]);
    expect(emulator.tokens().length).toBe(minted);
    expect(emulator.token(ticket.id)?.status).toBe("pending");
    const state = JSON.parse((await project.ok(["stack", "export"])).stdout);
    const resource = state.deployment.resources.find((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/clerk:SignInToken");
    expect(resource.id).toBe(ticket.id);
    expect(resource.outputs.__provider).toContain("// a newer release");
  });

  it("changing expiresInSeconds mints a new ticket and revokes the old one", async () => {
    const [old] = emulator.tokens({ userId: "user_qa_admin" });
    tickets({ admin: { userId: "user_qa_admin", expiresInSeconds: 7200 } });
    const up = await project.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/1 replaced/);
    expect(emulator.token(old.id)?.status).toBe("revoked");
    const pending = emulator.tokens({ userId: "user_qa_admin", status: "pending" });
    expect(pending.map((t) => t.status)).toEqual(["pending"]);
    expect(pending[0].expiresAt - pending[0].createdAt).toBe(7_200_000);
    expect((await outputs(true)).urls.admin === pending[0].url).toBe(true);
  });

  it("destroy revokes; destroy is green when a ticket was accepted or revoked outside Pulumi", async () => {
    tickets({
      admin: { userId: "user_qa_admin", expiresInSeconds: 7200 },
      viewer: { userId: "user_qa_viewer", expiresInSeconds: 600 },
      auditor: { userId: "user_qa_viewer", expiresInSeconds: 900 },
    });
    await project.ok(["up", "--yes", "--skip-preview"]);
    const ids = (await outputs()).ids;
    emulator.accept(ids.viewer);
    emulator.revoke(ids.auditor);

    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(emulator.token(ids.admin)?.status).toBe("revoked");
    expect(emulator.token(ids.viewer)?.status).toBe("accepted");
    expect(emulator.token(ids.auditor)?.status).toBe("revoked");
    expect(emulator.tokens({ status: "pending" }).map((t) => t.id)).toEqual([]);
    expectNoSecretsIn(await readablePlaces(project), secretsOf(KEY, emulator));
  });

  it("bad input fails preview, naming the field, and sends Clerk nothing", async () => {
    emulator.resetRequests();
    tickets({ admin: { userId: "user_qa_admin", expiresInSeconds: 1.5 } });
    const result = await project.run(["preview"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/expiresInSeconds must be a whole number of seconds/);
    expect(emulator.requests()).toEqual([]);
  });

  it("a missing key fails preview with the message that says how to set it", async () => {
    tickets({ admin: { userId: "user_qa_admin" } });
    const result = await project.run(["preview"], { CLERK_SECRET_KEY: undefined });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/No Clerk secret key is set\. Export CLERK_SECRET_KEY=sk_… in the environment, or run `pulumi config set --secret clerk:secretKey sk_…`/);
    expect(emulator.requests()).toEqual([]);
  });
});
