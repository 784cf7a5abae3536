import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import { PACKAGE_NAME } from "../../provider/version";
import { runCommand } from "../../scripts/lib/temp-project";
import { testSecretKey } from "../support/env";
import { REPO_ROOT } from "../support/serialized-provider";
import {
  InstalledProject,
  laneSdkVersion,
  type PackageManager,
  PNPM_VERSION,
  packageManagersBinDir,
  YARN_VERSION,
} from "./package-managers";
import { pulumiBinDir } from "./pulumi-project";

/*
 * What a user sees of the Node.js language host, under the real CLI (with the host it
 * ships, or with scripts/pulumi-language-nodejs.js where the CLI was built from Go modules):
 * `pulumi install` in a fresh clone installs with the package manager the project asks
 * for, `pulumi about` lists the runtime and the program's dependencies, and `pulumi up`
 * before any install says so in one line. The expected values are the real host's, read
 * off a host built from Pulumi's sources (v3.248.0).
 */

const KEY = testSecretKey();
const LOCKFILES: Record<PackageManager, string> = { npm: "package-lock.json", yarn: "yarn.lock", pnpm: "pnpm-lock.yaml" };
const SDK_NOT_INSTALLED = "It looks like the Pulumi SDK has not been installed. Have you run pulumi install?";

const PROGRAM = `"use strict";
const { SignInToken } = require("pulumi-clerk-sign-in-tokens");

const login = new SignInToken("login", { userId: "user_host", expiresInSeconds: 600 });

exports.url = login.url;
exports.id = login.id;
`;

interface HostCase {
  manager: PackageManager;
  /** How the language host is to pick the manager. */
  how: string;
  /** Pulumi.yaml's runtime options. */
  options: Record<string, string>;
  /** Files besides the program (a lockfile that picks the manager). */
  files?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const CASES: HostCase[] = [
  { manager: "npm", how: "by default (no option, no lockfile)", options: {} },
  // An empty yarn.lock is what a project that chose Yarn may commit before its first install.
  { manager: "yarn", how: "by the project's yarn.lock", options: {}, files: { "yarn.lock": "" } },
  // With TypeScript installed, which `pulumi about` reports from v3.252.0 on.
  {
    manager: "pnpm",
    how: "by Pulumi.yaml's packagemanager",
    options: { packagemanager: "pnpm" },
    devDependencies: { typescript: "5.9.3" },
  },
];

function pulumiYaml(name: string, options: Record<string, string>): string {
  const lines = Object.entries(options).map(([k, v]) => `    ${k}: ${v}\n`);
  return `name: ${name}\nruntime:\n  name: nodejs\n${lines.length > 0 ? `  options:\n${lines.join("")}` : ""}`;
}

/** Where `name` is on `path`, as Go's exec.LookPath finds it (the real host reports that path). */
function lookPath(name: string, path: string): string {
  for (const dir of path.split(delimiter)) {
    const file = join(dir || ".", name);
    try {
      if (statSync(file).isFile()) {
        accessSync(file, constants.X_OK);
        return file;
      }
    } catch {
      // not here
    }
  }
  throw new Error(`${name} is not on PATH`);
}

interface About {
  plugins?: Array<{ name: string; kind: string; version: string }>;
  runtime?: Record<string, string>;
  dependencies?: Array<{ name: string; version: string }>;
}

/** True if the dotted version `have` is `want` or later. */
function atLeast(have: string, want: string): boolean {
  const [a, b] = [have, want].map((v) => v.split(".").map((n) => Number.parseInt(n, 10) || 0));
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

let emulator: ClerkEmulator;

beforeAll(async () => {
  await Promise.all([pulumiBinDir(), packageManagersBinDir()]);
  emulator = await startClerkEmulator({ secretKey: KEY, users: ["user_host"] });
}, 30 * 60_000);
afterAll(() => emulator?.stop());

describe("the Node.js language host under the real CLI", () => {
  it.each(CASES)(
    "pulumi install picks $manager $how, and pulumi about lists the runtime and the dependencies as the real host does",
    async (c) => {
      const name = `host-${c.manager}`;
      const project = await InstalledProject.create({
        name,
        manager: c.manager,
        installer: "pulumi",
        manifest: { main: "index.js", ...(c.devDependencies && { devDependencies: c.devDependencies }) },
        files: { "Pulumi.yaml": pulumiYaml(name, c.options), "index.js": PROGRAM, ...c.files },
        env: { CLERK_SECRET_KEY: KEY, CLERK_API_URL: emulator.url },
      });
      try {
        const out = project.installOutput.stdout;
        expect(out.startsWith("Installing dependencies...\n\n")).toBe(true);
        expect(out.endsWith("Finished installing dependencies\n\n")).toBe(true);
        // The manager that ran is the one whose lockfile is there, and no other's.
        const written = (Object.keys(LOCKFILES) as PackageManager[]).filter((m) => {
          const file = join(project.dir, LOCKFILES[m]);
          return existsSync(file) && statSync(file).size > 0;
        });
        expect(written).toEqual([c.manager]);
        expect(project.installedVersion("@pulumi/pulumi")).toBe(laneSdkVersion());

        await project.pulumi(["stack", "init", "dev"]);
        const version = (await project.pulumi(["version"])).stdout.trim().replace(/^v/, "");
        const aboutRun = await project.pulumi(["about", "--json"]);
        expect(aboutRun.stderr).not.toMatch(/not implemented|Failed to get information/);
        const about = JSON.parse(aboutRun.stdout) as About;
        expect(about.plugins).toContainEqual({ name: "nodejs", kind: "language", version });

        const node = lookPath("node", project.env.PATH);
        const managerVersion = { npm: await npmVersion(project), yarn: YARN_VERSION, pnpm: PNPM_VERSION }[c.manager];
        const runtime: Record<string, string> = {
          language: "nodejs",
          executable: node,
          version: (await project.node(["--version"])).stdout.trim(),
          packagemanager: c.manager,
          packagemanagerVersion: managerVersion,
        };
        // Since v3.252.0 the host reports the TypeScript the program would load.
        if (c.devDependencies?.typescript && atLeast(version, "3.252.0")) runtime.typescriptVersion = c.devDependencies.typescript;
        expect(about.runtime).toEqual(runtime);

        // The direct dependencies, with the versions the lockfile records (pnpm records a
        // tarball by its path), in the lockfile's order.
        const ours = c.manager === "pnpm" ? `file:${project.tarballName}` : packageVersion();
        const expected = [
          { name: "@pulumi/pulumi", version: laneSdkVersion() },
          { name: PACKAGE_NAME, version: ours },
          ...Object.entries(c.devDependencies ?? {}).map(([n, v]) => ({ name: n, version: v })),
        ];
        expect(about.dependencies).toEqual(expected);

        // What was installed runs.
        await project.pulumi(["up", "--yes", "--skip-preview"]);
        const id = JSON.parse((await project.pulumi(["stack", "output", "id", "--json"])).stdout) as string;
        expect(emulator.token(id)?.status).toBe("pending");
        await project.pulumi(["destroy", "--yes", "--skip-preview"]);
        expect(emulator.token(id)?.status).toBe("revoked");
        console.log(`language host, ${c.manager}: pulumi install ${project.installSeconds.toFixed(1)} s`);
      } finally {
        project.remove();
      }
    },
    10 * 60_000,
  );

  it("in a project nobody has installed yet, pulumi up asks in one line whether pulumi install was run", async () => {
    const project = await InstalledProject.create({
      name: "host-uninstalled",
      manager: "npm",
      installer: "none",
      manifest: { main: "index.js" },
      files: { "Pulumi.yaml": pulumiYaml("host-uninstalled", {}), "index.js": PROGRAM },
      env: { CLERK_SECRET_KEY: KEY, CLERK_API_URL: emulator.url },
    });
    try {
      await project.pulumi(["stack", "init", "dev"]);
      const up = await project.runPulumi(["up", "--yes", "--skip-preview"]);
      expect(up.code).not.toBe(0);
      const output = `${up.stdout}\n${up.stderr}`;
      // The diagnostics hold that one error and nothing else: no require stack.
      expect(up.stdout).toContain(
        `Diagnostics:\n  pulumi:pulumi:Stack (host-uninstalled-dev):\n    error: an unhandled error occurred: ${SDK_NOT_INSTALLED}\n\n`,
      );
      expect(output).not.toMatch(/Require stack|Cannot find module|pulumi-language-nodejs:/);

      // The host starts without node_modules: `pulumi about` knows it, and says why it
      // lists no dependencies.
      const about = await project.runPulumi(["about"]);
      expect(about.code).toBe(0);
      expect(about.stdout).toMatch(/^language +nodejs +\S+$/m);
      expect(about.stderr).toContain(
        `warning: Failed to get information about the Pulumi program's dependencies: failed to get node dependencies: no package-lock.json found (searching upwards from ${project.dir})`,
      );
    } finally {
      project.remove();
    }
  });
});

/** The npm on the project's PATH: the machine's, run by the lane's node. */
async function npmVersion(project: InstalledProject): Promise<string> {
  const result = await runCommand("npm", ["--version"], { cwd: project.dir, env: project.env });
  if (result.code !== 0) throw new Error(`npm --version exited ${result.code}: ${result.stderr}`);
  return result.stdout.trim();
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
}
