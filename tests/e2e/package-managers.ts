import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PACKAGE_NAME } from "../../provider/version";
import { localBackendEnv, packPackage, type RunResult, runCommand } from "../../scripts/lib/temp-project";
import { REPO_ROOT } from "../support/serialized-provider";
import { PASSPHRASE, pulumiBinDir } from "./pulumi-project";

/*
 * Fresh projects installed the way users install them: npm, pnpm or Yarn classic fetch
 * @pulumi/pulumi (the test lane's version) and everything else from the registry, and this
 * package from the tarball the test run packed (CLERK_PACKAGE_TARBALL). Used by
 * installs.test.ts; the other end-to-end tests link the repo's node_modules instead
 * (scripts/lib/temp-project.ts), which is faster but is no installer's layout.
 */

export type PackageManager = "npm" | "pnpm" | "yarn";

/**
 * pnpm 12.21.0 is the newest pnpm; it declares `engines.node >= 18` and installs and runs
 * on Node 20.18.1 (the minimum lane) and 24.22.3 (the current lane). Yarn 1.22.22 is the
 * registry's `yarn`: Yarn classic, which installs a node_modules folder.
 */
export const PNPM_VERSION = "12.21.0";
export const YARN_VERSION = "1.22.22";

/** The @pulumi/pulumi of this test lane: the one in the repo's (or the lane copy's) node_modules. */
export function laneSdkVersion(): string {
  return (require("@pulumi/pulumi/package.json") as { version: string }).version;
}

/** The @types/node of this test lane (scripts/ensure-deps.sh installs the lane's pin). */
export function laneTypesNodeVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", "@types", "node", "package.json"), "utf8")) as { version: string })
    .version;
}

/** The cache folder the install scripts use, outside the repo (scripts/lib/cache-root.sh). */
function cacheRoot(): string {
  return execFileSync("bash", [join(REPO_ROOT, "scripts", "lib", "cache-root.sh")], { encoding: "utf8" }).trim();
}

/**
 * The environment this process was given, less what would steer a child installer or the
 * Pulumi CLI away from what a user's shell has: the variables `npm test` and `npm exec`
 * set for their own scripts (npm_package_*, npm_config_local_prefix, npm_config_user_agent,
 * which pnpm and yarn read to tell who started them, …), any PULUMI_* setting (e.g.
 * PULUMI_NODEJS_TRANSPILE_ONLY would skip the TypeScript type-check) and any Clerk setting.
 */
export function baseEnv(): Record<string, string> {
  const fromParentNpm =
    /^(npm_(package|lifecycle|command|execpath|node_execpath)|npm_config_(local_prefix|global_prefix|prefix|call|user_agent|node_gyp|nodedir|npm_version|init_module|yes|audit|fund|update_notifier|allow_scripts|omit_lockfile_registry_resolved)$|INIT_CWD$|PULUMI_|CLERK_)/;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !fromParentNpm.test(name)) env[name] = value;
  }
  return env;
}

/** "1.22.22" from `yarn --version`; undefined when the tool does not run. */
async function toolVersion(binDir: string, tool: string): Promise<string | undefined> {
  const bin = join(binDir, tool);
  if (!existsSync(bin)) return undefined;
  const result = await runCommand(bin, ["--version"], { cwd: tmpdir(), env: baseEnv() }).catch(() => undefined);
  return result?.code === 0 ? /^\S+/.exec(result.stdout.trim())?.[0] : undefined;
}

let toolsBin: Promise<string> | undefined;

/**
 * A folder holding `pnpm` and `yarn` at the pinned versions, installed from the npm
 * registry into the cache folder (…/tools/pnpm-<v>+yarn-<v>) and reused when present.
 * Installed into a staging folder first and renamed into place, so that two test runs
 * (two lanes) never see half an install.
 */
export function packageManagersBinDir(): Promise<string> {
  toolsBin ??= (async () => {
    const target = join(cacheRoot(), "tools", `pnpm-${PNPM_VERSION}+yarn-${YARN_VERSION}`);
    const bin = (root: string) => join(root, "node_modules", ".bin");
    const ready = async (root: string) =>
      (await toolVersion(bin(root), "pnpm")) === PNPM_VERSION && (await toolVersion(bin(root), "yarn")) === YARN_VERSION;
    if (await ready(target)) return bin(target);

    mkdirSync(dirname(target), { recursive: true });
    const staging = mkdtempSync(`${target}.staging-`);
    try {
      const install = await runCommand(
        "npm",
        ["install", "--prefix", staging, "--no-fund", "--no-audit", `pnpm@${PNPM_VERSION}`, `yarn@${YARN_VERSION}`],
        { cwd: staging, env: baseEnv() },
      );
      if (install.code !== 0)
        throw new Error(`npm install pnpm@${PNPM_VERSION} yarn@${YARN_VERSION} exited ${install.code}\n${install.stderr}`);
      if (!(await ready(staging))) throw new Error(`pnpm ${PNPM_VERSION} or yarn ${YARN_VERSION} installed into ${staging} does not run`);
      if (await ready(target)) return bin(target); // another run was faster
      rmSync(target, { recursive: true, force: true });
      renameSync(staging, target);
      return bin(target);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  })();
  return toolsBin;
}

/** What `pulumi new` writes as Pulumi.yaml for a Node.js project. */
export function pulumiYaml(name: string, manager: PackageManager): string {
  return `name: ${name}\ndescription: ${name}\nruntime:\n  name: nodejs\n  options:\n    packagemanager: ${manager}\n`;
}

export interface InstalledProjectOptions {
  /** Project name: the folder prefix and package.json name. */
  name: string;
  manager: PackageManager;
  /** package.json fields besides dependencies (e.g. `type`, `devDependencies`). */
  manifest?: Record<string, unknown>;
  /** Files to write into the project folder (Pulumi.yaml, the program, tsconfig.json…). */
  files: Record<string, string>;
  /** Variables for the program and the CLI (the Clerk settings). */
  env: Record<string, string>;
  /**
   * Who installs: the package manager itself (default), or `pulumi install`, which asks the
   * language host to pick the package manager (from Pulumi.yaml or a lockfile) and run it,
   * or nobody (a project as cloned, before any install).
   */
  installer?: "manager" | "pulumi" | "none";
}

/**
 * A project in its own temporary folder, `<root>/project`, installed by a package manager;
 * its local file backend, Pulumi home and temp folder are siblings (`<root>/state`,
 * `<root>/home`, `<root>/tmp`), so the project folder holds only what a user's does.
 */
export class InstalledProject {
  readonly root: string;
  readonly dir: string;
  readonly env: Record<string, string>;
  /** Seconds the package manager took. */
  installSeconds = 0;
  /** The package's tarball in the project folder, as package.json names it (`file:./<name>`). */
  tarballName = "";
  /** What the installer printed. */
  installOutput: RunResult = { code: 0, stdout: "", stderr: "" };

  private constructor(root: string, env: Record<string, string>) {
    this.root = root;
    this.dir = join(root, "project");
    this.env = env;
  }

  static async create(options: InstalledProjectOptions): Promise<InstalledProject> {
    const [cliBin, toolsBinDir] = await Promise.all([pulumiBinDir(), packageManagersBinDir()]);
    // The real path, so that paths the project's tools report compare equal (a temp folder
    // may be reached through a link, as /var → /private/var on macOS).
    const root = realpathSync(mkdtempSync(join(tmpdir(), `clerk-install-${options.name}-`)));
    for (const sub of ["project", "tmp"]) mkdirSync(join(root, sub));
    const env: Record<string, string> = {
      ...baseEnv(),
      ...localBackendEnv({ binDir: cliBin, backendDir: join(root, "state"), homeDir: join(root, "home"), passphrase: PASSPHRASE }),
      // The CLI first, then pnpm and yarn, then the lane's node and npm (first on the PATH
      // scripts/test.sh gives jest).
      PATH: `${cliBin}:${toolsBinDir}:${process.env.PATH}`,
      TMPDIR: join(root, "tmp"),
      ...options.env,
    };
    const project = new InstalledProject(root, env);
    try {
      await project.install(options);
    } catch (err) {
      project.remove();
      throw err;
    }
    return project;
  }

  private async install(options: InstalledProjectOptions): Promise<void> {
    // The tarball goes into the project under a name carrying a hash of its content: Yarn
    // classic caches a `file:` tarball by its path and version and would otherwise install
    // the copy it cached from an earlier build (same path, same version), not this one.
    const tarball = packPackage(REPO_ROOT);
    const hash = createHash("sha256").update(readFileSync(tarball)).digest("hex").slice(0, 16);
    const tarballName = `${PACKAGE_NAME}-${hash}.tgz`;
    this.tarballName = tarballName;
    copyFileSync(tarball, join(this.dir, tarballName));
    const manifest = {
      name: options.name,
      private: true,
      ...options.manifest,
      dependencies: { "@pulumi/pulumi": laneSdkVersion(), [PACKAGE_NAME]: `file:./${tarballName}` },
    };
    writeFileSync(join(this.dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const [name, content] of Object.entries(options.files)) writeFileSync(join(this.dir, name), content);
    if (options.manager === "pnpm") {
      // pnpm 11 and later fail an install that skips a dependency's build script until the
      // project decides: @pulumi/pulumi depends on protobufjs, whose postinstall only
      // checks versions, so deny it, as answering no to `pnpm approve-builds` records (and
      // as `pulumi new` writes it for pnpm since v3.252.0).
      writeFileSync(join(this.dir, "pnpm-workspace.yaml"), "allowBuilds:\n  protobufjs: false\n");
    }

    if (options.installer === "none") return;
    if (options.installer === "pulumi") {
      const started = Date.now();
      this.installOutput = await this.runPulumi(["install"]);
      this.installSeconds = (Date.now() - started) / 1000;
      if (this.installOutput.code !== 0) {
        throw new Error(
          `pulumi install exited ${this.installOutput.code}\n--- stdout\n${this.installOutput.stdout}\n--- stderr\n${this.installOutput.stderr}`,
        );
      }
      this.checkInstalledFiles(options.manager, tarball);
      return;
    }

    let args: string[];
    switch (options.manager) {
      case "npm":
        args = ["install", "--no-fund", "--no-audit", "--prefer-offline"];
        break;
      case "pnpm":
        // --no-frozen-lockfile: under CI=true pnpm would refuse to install without a lockfile.
        args = ["install", "--prefer-offline", "--no-frozen-lockfile"];
        break;
      case "yarn":
        args = ["install", "--non-interactive", "--prefer-offline", "--no-progress"];
        break;
    }
    const started = Date.now();
    const result = await runCommand(options.manager, args, { cwd: this.dir, env: this.installEnv() });
    this.installSeconds = (Date.now() - started) / 1000;
    this.installOutput = result;
    if (result.code !== 0) {
      throw new Error(
        `${options.manager} ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
      );
    }
    this.checkInstalledFiles(options.manager, tarball);
  }

  /** The installed files are the packed ones (no installer cache served an older build). */
  private checkInstalledFiles(manager: PackageManager, tarball: string): void {
    for (const file of ["package.json", "dist/provider/stored-provider.js", "dist/provider/dynamic/provider-reference.js"]) {
      const packed = execFileSync("tar", ["-xzOf", tarball, `package/${file}`]);
      if (!packed.equals(readFileSync(join(this.packageDir(), file))))
        throw new Error(`${manager} installed a ${file} other than the packed one`);
    }
  }

  /** The installers need no Clerk or Pulumi settings. */
  private installEnv(): Record<string, string> {
    const env = { ...this.env };
    for (const name of Object.keys(env)) if (/^(CLERK_|PULUMI_)/.test(name)) delete env[name];
    return env;
  }

  /** The package as the project sees it: node_modules/pulumi-clerk-sign-in-tokens. */
  packageDir(): string {
    return join(this.dir, "node_modules", PACKAGE_NAME);
  }

  /** Where the package really is (pnpm: under node_modules/.pnpm). */
  realPackageDir(): string {
    return realpathSync(this.packageDir());
  }

  /** The version of a package installed in the project, or undefined. */
  installedVersion(name: string): string | undefined {
    const file = join(this.dir, "node_modules", name, "package.json");
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version : undefined;
  }

  /** Runs `pulumi <args>` (non-interactive) in the project folder; never throws on failure. */
  runPulumi(args: string[]): Promise<RunResult> {
    return runCommand("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env: this.env });
  }

  /**
   * Like runPulumi, but a non-zero exit is an error carrying the output (less the stdout of
   * a command asked to reveal secrets).
   */
  async pulumi(args: string[]): Promise<RunResult> {
    const result = await this.runPulumi(args);
    if (result.code !== 0) {
      const stdout = args.includes("--show-secrets") ? "(not shown: --show-secrets)" : result.stdout;
      throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n--- stdout\n${stdout}\n--- stderr\n${result.stderr}`);
    }
    return result;
  }

  /** Runs `node <args>` in the project folder (the lane's node: first on PATH); throws on failure. */
  async node(args: string[]): Promise<RunResult> {
    const result = await runCommand("node", args, { cwd: this.dir, env: this.env });
    if (result.code !== 0)
      throw new Error(`node ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
    return result;
  }

  readJson<T>(name: string): T {
    return JSON.parse(readFileSync(join(this.dir, name), "utf8")) as T;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
