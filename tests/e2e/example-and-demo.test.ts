import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import { runCommand } from "../../scripts/lib/temp-project";
import { requireChromium } from "../support/chromium";
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
  const demo = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const result = await runCommand(process.execPath, [join(REPO_ROOT, "dist", "scripts", "demo.js"), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, PULUMI_CLI_DIR: await pulumiBinDir(), ...env },
    });
    const output = result.stdout + result.stderr;
    expect({ code: result.code, tail: result.code === 0 ? "" : output.slice(-3000) }).toEqual({ code: 0, tail: "" });
    // What every run shows, and never shows.
    expect(output).toMatch(/loginUrls +\[secret\]/);
    expect(output).toMatch(/first visit: HTTP 200 .* second visit: HTTP 400/);
    expect(output).toMatch(/No ticket is left pending/);
    expect(output).not.toMatch(LOOKS_SECRET);
    expect(output).not.toMatch(/sk_test_[A-Za-z0-9_-]{8,}/);
    return output;
  };

  it("runs up, shows masked outputs, signs in once, destroys, and leaves nothing pending", async () => {
    const output = await demo([]);
    expect(output).not.toMatch(/Chromium|signInLinks/);
  });

  it(
    "--browser: Chromium signs in with the viewer's link into the emulator's sign-in page, once, and keeps a screenshot",
    async () => {
      const screenshot = join(REPO_ROOT, "test-artifacts", "demo", "signed-in.png");
      rmSync(screenshot, { force: true });
      const output = await demo(["--browser"], { CHROMIUM_PATH: requireChromium() });
      expect(output).toMatch(/signInLinks +\[secret\]/);
      expect(output).toMatch(
        /opened the link \(\/sign-in\?__clerk_ticket=…\): Signed in as user_demo_viewer; the page took the ticket out/,
      );
      expect(output).toMatch(/after a reload: Signed in as user_demo_viewer/);
      expect(output).toMatch(
        /a second browser with the same link: Clerk's error ".*already been used.*" \(sign_in_token_already_used_code\)/,
      );
      expect(output).toContain(`screenshot of the signed-in page: ${screenshot}`);
      // A PNG, as the page was shown.
      expect(readFileSync(screenshot).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    },
    5 * 60_000,
  );

  it(
    "--browser without Chromium says so and runs the demo as without --browser",
    async () => {
      const output = await demo(["--browser"], { CHROMIUM_PATH: "/nonexistent/chromium" });
      expect(output).toMatch(/--browser: Chromium is not installed \(no executable at \/nonexistent\/chromium; apt-get install chromium/);
      expect(output).not.toMatch(/signInLinks|opened the link|screenshot/);
    },
    5 * 60_000,
  );
});
