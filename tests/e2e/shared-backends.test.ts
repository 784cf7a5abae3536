import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { findPostgres, PostgresCluster } from "./postgres-cluster";
import { TICKETS_PROGRAM } from "./program";
import { PulumiProject } from "./pulumi-project";
import { expectNoSecretsIn, secretsOf } from "./secret-audit";
import { stackOutputs, ticketsInState } from "./stack-queries";

/*
 * State backends a team shares. The same program on the local file backend and on a
 * PostgreSQL backend (`pulumi login postgres://…`, CLI ≥ v3.176), then two stacks running
 * `up` at the same time on the one PostgreSQL backend, as two pipelines would.
 *
 * PostgreSQL runs as a throwaway cluster in a temporary folder on 127.0.0.1. Without
 * PostgreSQL installed those tests are skipped, saying so, unless
 * CLERK_E2E_REQUIRE_POSTGRES=1 (CI sets it), which makes them fail instead.
 */

const KEY = testSecretKey();
const TICKETS = {
  admin: { userId: "user_admin", expiresInSeconds: 3600 },
  viewer: { userId: "user_viewer", expiresInSeconds: 600 },
};
let emulator: ClerkEmulator;
const projects: PulumiProject[] = [];

beforeAll(async () => {
  emulator = await startClerkEmulator({ secretKey: KEY, users: ["user_admin", "user_viewer"] });
}, 60_000);

afterAll(async () => {
  for (const project of projects) project.remove();
  await emulator?.stop();
});

/** A project with the tickets program: on the harness's file backend, or logged in to `loginUrl`. */
async function newProject(loginUrl?: string): Promise<PulumiProject> {
  const project = await PulumiProject.create({
    program: TICKETS_PROGRAM,
    env: { CLERK_SECRET_KEY: KEY, CLERK_API_URL: emulator.url, ...(loginUrl ? { PULUMI_BACKEND_URL: undefined } : {}) },
  });
  projects.push(project);
  project.writeFile("tickets.json", JSON.stringify(TICKETS));
  if (loginUrl) await project.ok(["login", loginUrl]);
  return project;
}

/** up, outputs, refresh, destroy: the life of the tickets on whatever backend the project uses. */
async function lifecycle(project: PulumiProject, stack: string): Promise<Record<string, string>> {
  await project.ok(["stack", "init", stack]);
  await project.ok(["up", "--yes", "--skip-preview"]);
  const ids = await ticketsInState(project);
  expect(Object.keys(ids).sort()).toEqual(["admin", "viewer"]);
  for (const id of Object.values(ids)) expect(emulator.token(id)?.status).toBe("pending");
  expect((await stackOutputs(project)).urls.admin).toBe("[secret]");
  expect((await stackOutputs(project, true)).urls).toEqual({
    admin: emulator.token(ids.admin)!.url,
    viewer: emulator.token(ids.viewer)!.url,
  });

  const refresh = await project.ok(["refresh", "--yes", "--skip-preview"]);
  expect(refresh.stdout).not.toMatch(/\d+ (created|updated|deleted|replaced)/);
  expect(await ticketsInState(project)).toEqual(ids);
  return ids;
}

async function destroy(project: PulumiProject, ids: Record<string, string>): Promise<void> {
  await project.ok(["destroy", "--yes", "--skip-preview"]);
  for (const id of Object.values(ids)) expect(emulator.token(id)?.status).toBe("revoked");
  await project.ok(["stack", "rm", "--yes"]);
}

describe("the local file backend", () => {
  it("up, refresh and destroy: tickets minted, kept, revoked; the state lives in the backend folder", async () => {
    const project = await newProject();
    const ids = await lifecycle(project, "dev");
    const stateFiles = project.backendFiles().filter((f) => f.path.startsWith(project.backendDir));
    expect(stateFiles.some((f) => f.path.endsWith("/dev.json") && f.text.includes(ids.admin))).toBe(true);
    await destroy(project, ids);
  });
});

const postgres = findPostgres();
const requirePostgres = process.env.CLERK_E2E_REQUIRE_POSTGRES === "1";

if (!postgres.ok) {
  if (requirePostgres) {
    test(`a PostgreSQL backend (required by CLERK_E2E_REQUIRE_POSTGRES=1): ${postgres.reason}`, () => {
      throw new Error(`CLERK_E2E_REQUIRE_POSTGRES=1, but ${postgres.reason}. Install it: apt-get install -y postgresql`);
    });
  } else {
    console.warn(`shared-backends: skipping the PostgreSQL backend tests: ${postgres.reason} (apt-get install -y postgresql)`);
    test.skip(`a PostgreSQL backend: skipped, ${postgres.reason}`, () => undefined);
  }
} else {
  const lookup = postgres;

  describe("a PostgreSQL backend", () => {
    let cluster: PostgresCluster;
    let url: string;

    beforeAll(async () => {
      cluster = await PostgresCluster.start(lookup);
      await cluster.createDatabase("pulumi");
      url = cluster.url("pulumi");
    }, 120_000);

    afterAll(async () => {
      await cluster?.stop();
    });

    /** The rows of the backend's state table; the backend stores each blob base64-encoded in {"data": …}. */
    async function stateRows(): Promise<Array<{ key: string; text: string }>> {
      const rows = (await cluster.query("pulumi", "select key, data->>'data' from pulumi_state order by key")).trim().split("\n");
      return rows.filter(Boolean).map((row) => {
        const [key, data] = row.split("|");
        return { key, text: Buffer.from(data ?? "", "base64").toString("utf8") };
      });
    }
    const stackRow = (rows: Array<{ key: string; text: string }>, stack: string) =>
      rows.find((r) => r.key.endsWith(`stacks/clerk-e2e/${stack}.json`));

    it("the same program: up, refresh and destroy work; the state is in PostgreSQL, secrets encrypted", async () => {
      const project = await newProject(url);
      const whoami = await project.ok(["whoami", "--verbose"]);
      expect(whoami.stdout).toMatch(/Backend URL: postgres:\/\//);

      const ids = await lifecycle(project, "dev");
      const rows = await stateRows();
      expect(stackRow(rows, "dev")?.text).toContain(ids.admin);
      // The ticket and its URL are in the state only as ciphertext.
      expectNoSecretsIn(
        rows.map((r) => ({ path: r.key, text: r.text })),
        secretsOf(KEY, emulator),
      );
      // Nothing went to the file backend the harness would otherwise use.
      expect(project.backendFiles().filter((f) => f.path.startsWith(project.backendDir))).toEqual([]);

      await destroy(project, ids);
      expect(stackRow(await stateRows(), "dev")).toBeUndefined();
    });

    it("two stacks run up at the same time without interference, and both destroy cleanly", async () => {
      const one = await newProject(url);
      const two = await newProject(url);
      await one.ok(["stack", "init", "run-1"]);
      await two.ok(["stack", "init", "run-2"]);
      const before = emulator.tokens().length;

      const timed = async (project: PulumiProject, args: string[]) => {
        const start = Date.now();
        await project.ok(args);
        return { start, end: Date.now() };
      };
      const [a, b] = await Promise.all([timed(one, ["up", "--yes", "--skip-preview"]), timed(two, ["up", "--yes", "--skip-preview"])]);
      // The two runs did overlap in time.
      expect(a.start < b.end && b.start < a.end).toBe(true);

      const ids1 = await ticketsInState(one);
      const ids2 = await ticketsInState(two);
      expect(Object.keys(ids1).sort()).toEqual(["admin", "viewer"]);
      expect(Object.keys(ids2).sort()).toEqual(["admin", "viewer"]);
      const all = [...Object.values(ids1), ...Object.values(ids2)];
      expect(new Set(all).size).toBe(4);
      // Every ticket minted by the two runs is tracked by exactly one stack.
      expect(
        emulator
          .tokens()
          .slice(before)
          .map((t) => t.id)
          .sort(),
      ).toEqual([...all].sort());
      expect(all.filter((id) => emulator.token(id)?.status !== "pending")).toEqual([]);

      // One backend: each project sees both stacks.
      const stacks = JSON.parse((await one.ok(["stack", "ls", "--json"])).stdout).map((s: { name: string }) => s.name);
      expect(stacks).toEqual(expect.arrayContaining(["run-1", "run-2"]));
      const rows = await stateRows();
      expect(Object.values(ids1).every((id) => stackRow(rows, "run-1")?.text.includes(id))).toBe(true);
      expect(Object.values(ids2).every((id) => stackRow(rows, "run-2")?.text.includes(id))).toBe(true);
      expect(Object.values(ids2).some((id) => stackRow(rows, "run-1")?.text.includes(id))).toBe(false);

      await Promise.all([one.ok(["destroy", "--yes", "--skip-preview"]), two.ok(["destroy", "--yes", "--skip-preview"])]);
      expect(all.filter((id) => emulator.token(id)?.status !== "revoked")).toEqual([]);
      expect(
        emulator
          .tokens()
          .slice(before)
          .filter((t) => t.status === "pending")
          .map((t) => t.id),
      ).toEqual([]);
      expect(await ticketsInState(one)).toEqual({});
      expect(await ticketsInState(two)).toEqual({});
      await one.ok(["stack", "rm", "--yes"]);
      await two.ok(["stack", "rm", "--yes"]);
    });
  });
}
