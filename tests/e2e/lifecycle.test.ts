import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { TICKETS_PROGRAM } from "./program";
import { type PulumiProject, startEmulatorProject, stopEmulatorProject } from "./pulumi-project";
import { expectNoSecretsIn, readablePlaces, secretsOf } from "./secret-audit";
import { plannedTicketSteps, stackOutputs, ticketResources } from "./stack-queries";

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

describe("SignInToken under the Pulumi CLI", () => {
  it("preview plans one create and sends Clerk nothing", async () => {
    tickets({ admin: { userId: "user_qa_admin", expiresInSeconds: 3600 } });
    emulator.resetRequests();
    expect(await plannedTicketSteps(project)).toEqual([["create", "admin"]]);
    expect(emulator.requests()).toEqual([]);
  });

  it("up mints the ticket; its URL is a secret output that --show-secrets reveals", async () => {
    await project.ok(["up", "--yes", "--skip-preview"]);
    const held = emulator.tokens({ userId: "user_qa_admin" });
    expect(held.map((t) => t.status)).toEqual(["pending"]);

    const masked = await stackOutputs(project);
    expect(masked.urls.admin).toBe("[secret]");
    const revealed = await stackOutputs(project, true);
    // A boolean, so that a failure does not print the URL.
    expect(revealed.urls.admin === held[0].url).toBe(true);
    expect(revealed.ids.admin).toBe(held[0].id);
  });

  it("keeps the key, the token and the URL out of the state and the backend files", async () => {
    expectNoSecretsIn(await readablePlaces(project), secretsOf(KEY, emulator));
    const { admin } = await ticketResources(project);
    expect(admin.outputs.token).toHaveProperty("ciphertext");
    // The link is stored once, without the ticket (which the encrypted token holds).
    expect(admin.outputs.url).toBeUndefined();
    expect(String(admin.outputs.urlTemplate)).toMatch(/\/v1\/tickets\/accept\?ticket=\{token\}$/);
  });

  it("the state stores a reference to the installed package, not provider code", async () => {
    const { admin } = await ticketResources(project);
    for (const stored of [admin.inputs.__provider, admin.outputs.__provider]) {
      expect(String(stored).match(/require\("[^"]+"\)/g)).toEqual([
        'require("pulumi-clerk-sign-in-tokens/dist/provider/stored-provider.js")',
      ]);
      expect(String(stored).length).toBeLessThan(400);
    }
  });

  it("refresh reports no change and keeps token and url", async () => {
    const before = await stackOutputs(project, true);
    const refresh = await project.ok(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.stdout).not.toMatch(/[~-] +\d+ to (update|delete)/);
    // Compared as a boolean so that a failure does not print the URLs.
    expect(JSON.stringify(await stackOutputs(project, true)) === JSON.stringify(before)).toBe(true);
    const { admin } = await ticketResources(project);
    expect(admin.outputs.token).toHaveProperty("ciphertext");
    const noop = await project.ok(["preview"]);
    expect(noop.stdout).not.toMatch(/to (create|update|replace|delete)/);
  });

  it("a new version of the package changes nothing in the state, and refresh and destroy run the installed code", async () => {
    const { admin: before } = await ticketResources(project);
    const installed = join(project.dir, "node_modules", "pulumi-clerk-sign-in-tokens");
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    writeFileSync(join(installed, "package.json"), JSON.stringify({ ...manifest, version: "99.0.0" }));
    const providerFile = join(installed, "dist", "provider", "dynamic", "provider.js");
    const code = readFileSync(providerFile, "utf8");
    expect(code).toContain("async read(id, props) {");
    writeFileSync(
      providerFile,
      code.replace("async read(id, props) {", 'async read(id, props) {\n        console.log("read by the newer release");'),
    );
    const minted = emulator.tokens().length;

    expect(await plannedTicketSteps(project)).toEqual([]);
    const up = await project.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).not.toMatch(/\d+ (updated|replaced|created)/);
    expect(emulator.tokens().length).toBe(minted);
    const { admin: after } = await ticketResources(project);
    expect(after.id).toBe(before.id);
    expect(after.outputs.__provider).toBe(before.outputs.__provider);
    // The state names the package, so refresh runs the code installed now.
    const refresh = await project.ok(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.stdout).toContain("read by the newer release");
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
    expect((await stackOutputs(project, true)).urls.admin === pending[0].url).toBe(true);
  });

  it("destroy revokes; destroy is green when a ticket was accepted or revoked outside Pulumi", async () => {
    tickets({
      admin: { userId: "user_qa_admin", expiresInSeconds: 7200 },
      viewer: { userId: "user_qa_viewer", expiresInSeconds: 600 },
      auditor: { userId: "user_qa_viewer", expiresInSeconds: 900 },
    });
    await project.ok(["up", "--yes", "--skip-preview"]);
    const ids = (await stackOutputs(project)).ids;
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
    expect(result.stdout + result.stderr).toMatch(
      /No Clerk secret key is set\. Export CLERK_SECRET_KEY=sk_… in the environment, or run `pulumi config set --secret clerk:secretKey sk_…`/,
    );
    expect(emulator.requests()).toEqual([]);
  });
});
