import { spawn, execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/serialized-provider";

const execFileAsync = promisify(execFile);

/** A passphrase for the local backend's secrets provider; a test value, like the keys. */
export const PASSPHRASE = "clerk-e2e-passphrase";

let binDir: Promise<string> | undefined;

/**
 * The pinned Pulumi CLI: `PULUMI_CLI_DIR` when the test script already resolved it,
 * otherwise the install script (which reuses a built CLI from its cache).
 */
export function pulumiBinDir(): Promise<string> {
  if (process.env.PULUMI_CLI_DIR) return Promise.resolve(process.env.PULUMI_CLI_DIR);
  binDir ??= execFileAsync("bash", [join(REPO_ROOT, "scripts", "install-pulumi-cli.sh")], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 30 * 60_000,
  }).then(({ stdout }) => stdout.trim().split("\n").pop()!.trim());
  return binDir;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A Pulumi project in a temporary folder, on a local file backend inside that folder,
 * with this package installed in its node_modules as a user would have it (a copy of
 * dist/ and package.json, not a link), so the serialized provider refers to the package
 * by name exactly as in a user's state.
 */
export class PulumiProject {
  readonly dir: string;
  readonly backendDir: string;
  readonly homeDir: string;
  readonly env: Record<string, string>;
  /** Everything the CLI printed, for the secret audits (less commands asked to reveal secrets). */
  readonly transcript: string[] = [];

  private constructor(dir: string, bin: string, env: Record<string, string>) {
    this.dir = dir;
    this.backendDir = join(dir, ".state");
    this.homeDir = join(dir, ".pulumi-home");
    mkdirSync(this.backendDir);
    mkdirSync(this.homeDir);
    this.env = {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: process.env.HOME ?? dir,
      PULUMI_HOME: this.homeDir,
      PULUMI_BACKEND_URL: `file://${this.backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      NO_COLOR: "1",
      ...env,
    };
  }

  static async create(options: { program: string; env?: Record<string, string>; name?: string }): Promise<PulumiProject> {
    const bin = await pulumiBinDir();
    const dir = mkdtempSync(join(tmpdir(), "clerk-e2e-"));
    const project = new PulumiProject(dir, bin, options.env ?? {});
    writeFileSync(join(dir, "Pulumi.yaml"), `name: ${options.name ?? "clerk-e2e"}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`);
    writeFileSync(join(dir, "index.js"), options.program);
    installPackage(dir);
    return project;
  }

  /** Runs `pulumi <args>` (non-interactive); resolves with the exit code, never throws on failure. */
  run(args: string[], extraEnv: Record<string, string | undefined> = {}, stdin?: string): Promise<RunResult> {
    const env: Record<string, string> = { ...this.env };
    for (const [k, v] of Object.entries(extraEnv)) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return new Promise((resolve, reject) => {
      const child = spawn("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env });
      // Secret values go in on stdin, as a careful pipeline passes them, never in arguments.
      child.stdin.end(stdin ?? "");
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => {
        if (!args.includes("--show-secrets")) this.transcript.push(`$ pulumi ${args.join(" ")}\n${stdout}\n${stderr}`);
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  }

  /** Like run, but a non-zero exit is an error carrying the output. */
  async ok(args: string[], extraEnv: Record<string, string | undefined> = {}, stdin?: string): Promise<RunResult> {
    const result = await this.run(args, extraEnv, stdin);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
    }
    return result;
  }

  writeFile(name: string, content: string): void {
    writeFileSync(join(this.dir, name), content);
  }

  /** Every file under the backend folder and the Pulumi home, as text. */
  backendFiles(): Array<{ path: string; text: string }> {
    return [...walk(this.backendDir), ...walk(this.homeDir)].map((path) => ({ path, text: readFileSync(path, "latin1") }));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stat = statSync(path);
    if (stat.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** node_modules: links to the repo's dependencies, and a real copy of this package. */
function installPackage(dir: string): void {
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(join(REPO_ROOT, "node_modules"))) {
    if (entry === ".bin" || entry.startsWith(".")) continue;
    symlinkSync(join(REPO_ROOT, "node_modules", entry), join(modules, entry));
  }
  const pkg = join(modules, "pulumi-clerk-sign-in-tokens");
  mkdirSync(pkg);
  cpSync(join(REPO_ROOT, "dist"), join(pkg, "dist"), { recursive: true });
  cpSync(join(REPO_ROOT, "package.json"), join(pkg, "package.json"));
}
