import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import { runCommand } from "../../scripts/lib/temp-project";
import { testSecretKey } from "../support/env";
import { REPO_ROOT } from "../support/serialized-provider";
import { PASSPHRASE, pulumiBinDir } from "./pulumi-project";

/* The shipped example through the top-level Pulumi.yaml, and `npm run demo`'s program. */

/** What a ticket or a ticket URL looks like in output: a JWT, or the accept link. */
const LOOKS_SECRET = /eyJ[A-Za-z0-9_-]{10,}\.eyJ|tickets\/accept\?ticket=/;

describe("examples/ephemeral-env through the top-level Pulumi.yaml", () => {
  const KEY = testSecretKey();
  const stack = `example-e2e-${process.pid}`;
  let emulator: ClerkEmulator;
  let work: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    emulator = await startClerkEmulator({ secretKey: KEY, users: ["user_ex_admin", "user_ex_viewer"] });
    work = mkdtempSync(join(tmpdir(), "clerk-example-"));
    env = {
      PATH: `${await pulumiBinDir()}:${process.env.PATH}`,
      HOME: process.env.HOME,
      PULUMI_HOME: join(work, "home"),
      PULUMI_BACKEND_URL: `file://${work}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      CLERK_SECRET_KEY: KEY,
      CLERK_API_URL: emulator.url,
    };
    // Config from a file outside the repo, so the test leaves nothing in the work tree
    // but the stack's salt file, removed below.
    writeFileSync(
      join(work, "config.yaml"),
      "config:\n  clerk-sign-in-tokens-example:testUsers:\n    admin: user_ex_admin\n    viewer: user_ex_viewer\n  clerk-sign-in-tokens-example:ticketLifetimeSeconds: 900\n",
    );
  }, 30 * 60_000);

  afterAll(async () => {
    rmSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`), { force: true });
    rmSync(work, { recursive: true, force: true });
    await emulator?.stop();
  });

  const pulumi = async (...args: string[]) => {
    const r = await runCommand("pulumi", [...args, "--non-interactive"], { cwd: REPO_ROOT, env });
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r;
  };

  it("mints one ticket per role with secret login URLs, and destroy revokes them", async () => {
    await pulumi("stack", "init", stack);
    const up = await pulumi("up", "--yes", "--skip-preview", "--config-file", join(work, "config.yaml"));
    expect(up.stdout).not.toMatch(LOOKS_SECRET);
    const users = emulator
      .tokens({ status: "pending" })
      .map((t) => t.userId)
      .sort();
    expect(users).toEqual(["user_ex_admin", "user_ex_viewer"]);
    const outputs = JSON.parse((await pulumi("stack", "output", "--json")).stdout);
    expect(outputs.loginUrls).toBe("[secret]");
    await pulumi("destroy", "--yes", "--skip-preview", "--config-file", join(work, "config.yaml"));
    expect(emulator.tokens({ status: "pending" }).map((t) => t.id)).toEqual([]);
    await pulumi("stack", "rm", "--yes");
  });
});

describe("npm run demo", () => {
  it("runs up, shows masked outputs, signs in once, destroys, and leaves nothing pending", async () => {
    const result = await runCommand(process.execPath, [join(REPO_ROOT, "dist", "scripts", "demo.js")], {
      cwd: REPO_ROOT,
      env: { ...process.env, PULUMI_CLI_DIR: await pulumiBinDir() },
    });
    const output = result.stdout + result.stderr;
    expect({ code: result.code, tail: result.code === 0 ? "" : output.slice(-3000) }).toEqual({ code: 0, tail: "" });
    expect(output).toMatch(/loginUrls +\[secret\]/);
    expect(output).toMatch(/first visit: HTTP 200 .* second visit: HTTP 400/);
    expect(output).toMatch(/No ticket is left pending/);
    expect(output).not.toMatch(LOOKS_SECRET);
    expect(output).not.toMatch(/sk_test_[A-Za-z0-9_-]{8,}/);
  });
});
