/**
 * `npm run demo`: the whole life of a login ticket under the real Pulumi CLI.
 *
 * By default against the embedded Clerk emulator on 127.0.0.1 with seeded users; with
 * `--clerk --user user_…` against the Clerk instance of CLERK_SECRET_KEY. With `--browser`
 * (emulator only), headless Chromium also signs in with a link into the emulator's sign-in
 * page (linkTo) and keeps a screenshot, when Chromium is installed. Uses a local
 * file backend in a temporary folder and removes it (and destroys what it created)
 * even when a step fails or the demo is interrupted.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ClerkEmulator, startClerkEmulator } from "../emulator";
import { chromiumPath, isExecutable } from "./lib/chromium";
import { createTempProject, localBackendEnv, removeTempProject, runCommand } from "./lib/temp-project";

const REPO_ROOT = join(__dirname, "..", "..");

interface DemoOptions {
  realClerk: boolean;
  users: Record<string, string>;
  /** Sign in with Chromium too (emulator only). */
  browser: boolean;
}

const USAGE = "Usage: npm run demo [-- --browser] [-- --clerk --user [role=]user_…]";

/** Where `--browser` keeps its screenshot: the git-ignored folder of screenshots runs keep. */
const SCREENSHOT = join(REPO_ROOT, "test-artifacts", "demo", "signed-in.png");

function parseArgs(argv: string[]): DemoOptions {
  const realClerk = argv.includes("--clerk");
  const browser = argv.includes("--browser");
  const users: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--user") {
      const value = argv[++i];
      if (!value) fail("--user needs a value: --user user_2abc or --user admin=user_2abc");
      const [role, id] = value.includes("=") ? value.split("=", 2) : [`user${Object.keys(users).length + 1}`, value];
      users[role] = id;
    } else if (argv[i] !== "--clerk" && argv[i] !== "--browser") {
      fail(`unknown argument ${argv[i]}. ${USAGE}`);
    }
  }
  if (realClerk) {
    if (browser) fail("--browser signs in on the emulator's sign-in page: leave out --clerk");
    if (Object.keys(users).length === 0) fail("--clerk needs at least one --user user_… of your Clerk instance");
    if (!process.env.CLERK_SECRET_KEY) fail("--clerk needs CLERK_SECRET_KEY=sk_test_… in the environment");
  } else if (Object.keys(users).length === 0) {
    users.admin = "user_demo_admin";
    users.viewer = "user_demo_viewer";
  }
  return { realClerk, users, browser };
}

function fail(message: string): never {
  console.error(`demo: ${message}`);
  process.exit(2);
}

function step(title: string): void {
  console.log(`\n\x1b[1m━━ ${title}\x1b[0m`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const bin = process.env.PULUMI_CLI_DIR;
  if (!bin) fail("run through `npm run demo`, which installs the Pulumi CLI first");
  const chromium = chromiumPath();
  if (options.browser && !isExecutable(chromium)) {
    console.log(
      `demo: --browser: Chromium is not installed (no executable at ${chromium}; apt-get install chromium, or set CHROMIUM_PATH). ` +
        "The demo runs without the browser.",
    );
    options.browser = false;
  }

  let emulator: ClerkEmulator | undefined;
  let dir: string | undefined;
  let deployed = false;
  let env: NodeJS.ProcessEnv = {};
  const pulumi = (args: string[], opts: { echo?: boolean; stdin?: string } = {}) => {
    if (dir === undefined) throw new Error("no project folder yet");
    return runCommand("pulumi", [...args, "--non-interactive"], { cwd: dir, env, echo: opts.echo ?? true, stdin: opts.stdin });
  };

  const cleanup = async () => {
    if (deployed) {
      step("Cleaning up: destroying what the demo created");
      deployed = false;
      await pulumi(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
    }
    await emulator?.stop();
    if (dir) removeTempProject(dir);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\ndemo: ${signal}, cleaning up…`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    if (options.realClerk) {
      step("Using your Clerk instance (CLERK_SECRET_KEY)");
    } else {
      step("Starting the Clerk emulator on 127.0.0.1");
      emulator = await startClerkEmulator({
        secretKey: `sk_test_${randomBytes(18).toString("base64url")}`,
        users: Object.values(options.users),
      });
      console.log(`Clerk Backend API emulator at ${emulator.url}, users: ${Object.values(options.users).join(", ")}`);
    }

    dir = createTempProject({
      repoRoot: REPO_ROOT,
      prefix: "clerk-demo-",
      pulumiYaml: "name: clerk-sign-in-tokens-demo\nruntime: nodejs\nmain: index.ts\n",
      files: { "index.ts": demoProgram(options.browser) },
    });
    env = {
      ...localBackendEnv({
        binDir: bin,
        backendDir: join(dir, ".state"),
        homeDir: join(dir, ".pulumi-home"),
        passphrase: randomBytes(12).toString("hex"),
      }),
      CLERK_SECRET_KEY: emulator ? emulator.secretKey : process.env.CLERK_SECRET_KEY,
      CLERK_API_URL: emulator ? emulator.url : process.env.CLERK_API_URL,
    };

    step(`A Pulumi project in ${dir} (the example in examples/ephemeral-env), local file backend`);
    await check(pulumi(["stack", "init", "demo"]));
    for (const [role, id] of Object.entries(options.users)) {
      await check(pulumi(["config", "set", "--path", `testUsers.${role}`, id]));
    }
    await check(pulumi(["config", "set", "ticketLifetimeSeconds", "3600"]));
    // Read by the program's signInLinks (see demoProgram).
    if (emulator && options.browser) await check(pulumi(["config", "set", "signInPage", emulator.signInPage]));

    step("pulumi up: mint one sign-in ticket per test user");
    deployed = true;
    await check(pulumi(["up", "--yes", "--skip-preview"]));

    step("The outputs: login URLs are Pulumi secrets");
    await check(pulumi(["stack", "output"]));
    console.log("Reveal them where your tests run with:  pulumi stack output loginUrls --show-secrets --json");

    if (emulator) {
      step("A test runner signs in as the first user with its URL (one-time)");
      const urls = JSON.parse((await check(pulumi(["stack", "output", "loginUrls", "--show-secrets", "--json"], { echo: false }))).stdout);
      const [role] = Object.keys(options.users);
      const first = await fetch(urls[role]);
      const again = await fetch(urls[role]);
      console.log(`first visit: HTTP ${first.status} (signed in); second visit: HTTP ${again.status} (a ticket works once)`);
      printTokens(emulator);
    }

    if (emulator && options.browser) {
      // Another role than the one above, whose ticket that step used.
      const roles = Object.keys(options.users);
      const role = roles[roles.length - 1] as string;
      step(`A browser signs in as ${role}: its link into the app's sign-in page (linkTo), in headless Chromium`);
      const links = JSON.parse(
        (await check(pulumi(["stack", "output", "signInLinks", "--show-secrets", "--json"], { echo: false }))).stdout,
      );
      // Loaded only here: a run without --browser never loads playwright-core.
      const { signInWithChromium } = require("./lib/demo-browser") as typeof import("./lib/demo-browser");
      for (const line of await signInWithChromium({ chromium, link: links[role], screenshot: SCREENSHOT })) console.log(line);
    }

    step("pulumi destroy: revoke the tickets");
    await check(pulumi(["destroy", "--yes", "--skip-preview"]));
    deployed = false;
    if (emulator) {
      printTokens(emulator);
      const pending = emulator.tokens({ status: "pending" }).length;
      console.log(pending === 0 ? "No ticket is left pending: nothing can sign in any more." : `${pending} ticket(s) still pending!`);
      if (pending !== 0) process.exitCode = 1;
    } else {
      console.log("Clerk answered every revoke; the tickets can no longer sign anyone in.");
    }
    step("Done");
  } finally {
    await cleanup();
  }
}

/**
 * The example in examples/ephemeral-env; with --browser, plus one export: each role's link
 * into the app's sign-in page (linkTo), the page being the stack config signInPage.
 */
function demoProgram(browser: boolean): string {
  const example = readFileSync(join(REPO_ROOT, "examples", "ephemeral-env", "index.ts"), "utf8");
  if (!browser) return example;
  return `${example}\n/** Role → the app's sign-in page with that role's ticket (secret). */\nexport const signInLinks = logins.linksTo(config.require("signInPage"));\n`;
}

function printTokens(emulator: ClerkEmulator): void {
  console.log("tickets held by the emulator:");
  for (const t of emulator.tokens()) console.log(`  ${t.id}  ${t.userId.padEnd(18)} ${t.status}`);
}

async function check(result: Promise<{ code: number; stdout: string; stderr: string }>) {
  const r = await result;
  if (r.code !== 0) throw new Error(`a pulumi command failed (exit ${r.code}); see its output above`);
  return r;
}

main().catch((err: unknown) => {
  console.error(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
