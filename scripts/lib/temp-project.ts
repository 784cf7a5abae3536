import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_NAME } from "../../provider/version";

/**
 * A Pulumi project in a temporary folder with this package installed as a user has it:
 * the files of its `npm pack` tarball extracted into node_modules/pulumi-clerk-sign-in-tokens
 * (a real folder, so the state names the package as in a user's state), beside links to
 * the repo's own dependencies. Used by the demo and the end-to-end tests; the tests of
 * real installs by npm, pnpm and yarn are in tests/e2e/installs.test.ts.
 */
export interface TempProjectOptions {
  repoRoot: string;
  /** Folder prefix under the system temp folder. */
  prefix: string;
  /** Contents of Pulumi.yaml. */
  pulumiYaml: string;
  /** Files to write, relative to the project folder. */
  files: Record<string, string>;
  /** The package tarball to install; default: packed from the repo's dist/ (see packPackage). */
  tarball?: string;
}

export function createTempProject(options: TempProjectOptions): string {
  const dir = mkdtempSync(join(tmpdir(), options.prefix));
  writeFileSync(join(dir, "Pulumi.yaml"), options.pulumiYaml);
  const version = (JSON.parse(readFileSync(join(options.repoRoot, "package.json"), "utf8")) as { version: string }).version;
  const manifest = { name: "clerk-project", private: true, dependencies: { [PACKAGE_NAME]: version } };
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  for (const [name, content] of Object.entries(options.files)) writeFileSync(join(dir, name), content);
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(join(options.repoRoot, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    symlinkSync(join(options.repoRoot, "node_modules", entry), join(modules, entry));
  }
  installPackage(dir, options.tarball ?? packPackage(options.repoRoot));
  return dir;
}

/** Installs (or replaces) the package in the project from a tarball, as an upgrade would. */
export function installPackage(projectDir: string, tarball: string): void {
  const pkg = join(projectDir, "node_modules", PACKAGE_NAME);
  rmSync(pkg, { recursive: true, force: true });
  mkdirSync(pkg);
  // What npm does with a tarball's files: everything under its "package/" folder.
  execFileSync("tar", ["-xzf", tarball, "-C", pkg, "--strip-components=1"]);
}

let packed: string | undefined;

/**
 * The package as `npm pack` publishes it, made from the compiled dist/ without running the
 * prepack build (which would replace dist/ under other tests' feet). Packed once per
 * process, or taken from CLERK_PACKAGE_TARBALL (set by the test run's global set-up).
 */
export function packPackage(repoRoot: string): string {
  if (process.env.CLERK_PACKAGE_TARBALL) return process.env.CLERK_PACKAGE_TARBALL;
  if (packed === undefined) {
    const into = mkdtempSync(join(tmpdir(), "clerk-package-"));
    process.once("exit", () => rmSync(into, { recursive: true, force: true }));
    const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", into], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    packed = join(into, (JSON.parse(out) as Array<{ filename: string }>)[0].filename);
  }
  return packed;
}

/**
 * The environment that runs the Pulumi CLI of `binDir` unattended on a local file backend
 * in `backendDir`, with its own PULUMI_HOME (both folders are made here).
 */
export function localBackendEnv(options: {
  binDir: string;
  backendDir: string;
  homeDir: string;
  passphrase: string;
}): Record<string, string> {
  mkdirSync(options.backendDir, { recursive: true });
  mkdirSync(options.homeDir, { recursive: true });
  return {
    PATH: `${options.binDir}:${process.env.PATH}`,
    HOME: process.env.HOME ?? options.homeDir,
    PULUMI_HOME: options.homeDir,
    PULUMI_BACKEND_URL: `file://${options.backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: options.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    NO_COLOR: "1",
  };
}

export function removeTempProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command and collects its output; `echo` also streams it to this terminal. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; stdin?: string; echo?: boolean },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    // A child may exit before it reads its input (a command that fails at once, or one
    // that reads nothing): writing then fails with EPIPE, asynchronously, on the stream.
    // Its exit code already says what happened, so such a write error is not ours to raise.
    // On a busy machine this race is lost about one spawn in ten.
    child.stdin.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE" && err.code !== "ERR_STREAM_DESTROYED") reject(err);
    });
    child.stdout.on("error", reject);
    child.stderr.on("error", reject);
    // Secret values go in on stdin, as a careful pipeline passes them, never in arguments.
    child.stdin.end(options.stdin ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
      if (options.echo) process.stdout.write(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
      if (options.echo) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
