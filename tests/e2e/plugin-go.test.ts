import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { GoProgramProject } from "./go-program";
import { installPlugin } from "./plugin-archive";
import { expectNoSecretsIn, secretsOf } from "./secret-audit";

/*
 * A Go program over the generated Go SDK (tests/e2e/go-program/program.go), run by the
 * Automation API as an inline program, using the provider plugin installed from its
 * archive. Two Clerk instances: the default provider reads the environment, the explicit
 * `clerk.Provider` its own secret key, which reaches the plugin only through Configure.
 */

const KEY = testSecretKey();
const OTHER_KEY = testSecretKey();
let main: ClerkEmulator;
let other: ClerkEmulator;
let project: GoProgramProject;
const transcript: string[] = [];

beforeAll(async () => {
  [main, other] = await Promise.all([
    startClerkEmulator({ secretKey: KEY, users: ["user_go"] }),
    startClerkEmulator({ secretKey: OTHER_KEY, users: ["user_go"] }),
  ]);
  project = await GoProgramProject.create({
    env: {
      CLERK_SECRET_KEY: KEY,
      CLERK_API_URL: main.url,
      E2E_EXPLICIT_SECRET_KEY: OTHER_KEY,
      E2E_EXPLICIT_API_URL: other.url,
      E2E_USER_ID: "user_go",
      E2E_EXPIRES_IN_SECONDS: "900",
    },
  });
  await installPlugin(project.env, project.dir);
}, 30 * 60_000);

afterAll(async () => {
  project?.remove();
  await Promise.all([main?.stop(), other?.stop()]);
});

/** Runs the driver; what it prints (but revealed outputs) is kept for the secret audit. */
async function go(args: string[], env: Record<string, string> = {}) {
  const result = await project.run(args, env);
  if (args[0] !== "outputs") transcript.push(result.stdout, result.stderr);
  return result;
}

const requests = () => main.requests().length + other.requests().length;

test("preview sends nothing; bad input fails the preview naming the field, before any request", async () => {
  const preview = await go(["preview"]);
  expect(preview.code).toBe(0);
  const bad = await go(["preview"], { E2E_EXPIRES_IN_SECONDS: "0" });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/property expiresInSeconds value \{0\} has a problem: CLERK_INPUT_INVALID: expiresInSeconds must be ≥ 1/);
  expect(requests()).toBe(0);
});

test("up mints through both providers; the outputs are secrets, masked in the output", async () => {
  const up = await go(["up"]);
  expect(up.code).toBe(0);
  expect(up.stderr).toMatch(/url\s*: \[secret\]/);
  expect(up.stderr).toMatch(/token\s*: \[secret\]/);
  expect(main.tokens({ status: "pending" })).toHaveLength(3); // login and the cast's admin and viewer
  expect(other.tokens({ status: "pending" })).toHaveLength(1); // the explicit provider's own instance and key

  const outputs = (await project.ok(["outputs"])) as { url: string; token: string; ids: Record<string, string>; explicitId: string };
  const login = main.tokens().find((t) => !Object.values(outputs.ids).includes(t.id));
  // Booleans: a failing test must not print a ticket.
  expect(outputs.url === login?.url && outputs.token === login?.token).toBe(true);
  expect(Object.keys(outputs.ids).sort()).toEqual(["admin", "viewer"]);
  expect(outputs.explicitId).toBe(other.tokens()[0].id);
});

test("no plain ticket, link or key in the state, the backend's files or the output", async () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
  const places = [
    ...files(join(project.dir, ".state")).map((path) => ({ path, text: readFileSync(path, "latin1") })),
    { path: "output", text: transcript.join("\n") },
  ];
  expect(places.length).toBeGreaterThan(1);
  expectNoSecretsIn(places, [...secretsOf(KEY, main), ...secretsOf(OTHER_KEY, other)]);
});

test("preview, preview --refresh and refresh send nothing and change nothing", async () => {
  const before = requests();
  for (const args of [["preview"], ["preview", "--refresh"], ["refresh"]]) {
    const run = await go(args);
    expect([args.join(" "), run.code]).toEqual([args.join(" "), 0]);
  }
  expect(requests()).toBe(before);
  expect(main.tokens({ status: "pending" })).toHaveLength(3);
});

test("destroy revokes every ticket, at both instances", async () => {
  expect((await go(["destroy"])).code).toBe(0);
  expect(main.tokens({ status: "pending" })).toEqual([]);
  expect(other.tokens({ status: "pending" })).toEqual([]);
  expect(main.tokens({ status: "revoked" })).toHaveLength(3);
});
