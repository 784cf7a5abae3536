import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type ClerkEmulator, type ClerkEmulatorOptions, startClerkEmulator } from "../../emulator";
import { createTempProject, localBackendEnv, type RunResult, removeTempProject, runCommand } from "../../scripts/lib/temp-project";
import { REPO_ROOT } from "../support/serialized-provider";

export type { RunResult };

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

/** A Pulumi project in a temporary folder, on a local file backend inside that folder. */
export class PulumiProject {
  readonly dir: string;
  readonly backendDir: string;
  readonly homeDir: string;
  readonly env: Record<string, string>;
  /** Everything the CLI printed, for the secret audits (less commands asked to reveal secrets). */
  readonly transcript: string[] = [];

  private constructor(dir: string, bin: string, env: Record<string, string | undefined>) {
    this.dir = dir;
    this.backendDir = join(dir, ".state");
    this.homeDir = join(dir, ".pulumi-home");
    this.env = localBackendEnv({ binDir: bin, backendDir: this.backendDir, homeDir: this.homeDir, passphrase: PASSPHRASE });
    // An undefined value removes a default, e.g. PULUMI_BACKEND_URL for a project that
    // runs `pulumi login` itself.
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete this.env[k];
      else this.env[k] = v;
    }
  }

  static async create(options: {
    program: string;
    env?: Record<string, string | undefined>;
    name?: string;
    tarball?: string;
  }): Promise<PulumiProject> {
    const bin = await pulumiBinDir();
    const dir = createTempProject({
      repoRoot: REPO_ROOT,
      prefix: "clerk-e2e-",
      pulumiYaml: `name: ${options.name ?? "clerk-e2e"}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
      files: { "index.js": options.program },
      tarball: options.tarball,
    });
    return new PulumiProject(dir, bin, options.env ?? {});
  }

  /**
   * A Pulumi YAML project (`runtime: yaml`, the program in Pulumi.yaml) run by Pulumi YAML's
   * own language host, from `yamlHostDir` (see pulumi-yaml.ts). No package is installed:
   * YAML programs reach the provider plugin, which the test installs.
   */
  static async createYaml(options: {
    yaml: string;
    yamlHostDir: string;
    env?: Record<string, string | undefined>;
  }): Promise<PulumiProject> {
    const bin = await pulumiBinDir();
    const dir = mkdtempSync(join(tmpdir(), "clerk-e2e-yaml-"));
    writeFileSync(join(dir, "Pulumi.yaml"), options.yaml);
    return new PulumiProject(dir, `${options.yamlHostDir}:${bin}`, options.env ?? {});
  }

  /** Runs `pulumi <args>` (non-interactive); resolves with the exit code, never throws on failure. */
  run(args: string[], extraEnv: Record<string, string | undefined> = {}, stdin?: string): Promise<RunResult> {
    const env: Record<string, string> = { ...this.env };
    for (const [k, v] of Object.entries(extraEnv)) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return runCommand("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env, stdin }).then((result) => {
      if (!args.includes("--show-secrets")) this.transcript.push(`$ pulumi ${args.join(" ")}\n${result.stdout}\n${result.stderr}`);
      return result;
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

  /**
   * Kills what a killed CLI left behind: the engine starts its plugins (language host,
   * dynamic provider) in process groups of their own, so killing the CLI's group misses
   * them. The language host exits by itself once its engine is gone; Pulumi's dynamic
   * provider does not (scripts/kill-orphaned-plugins.js is the clean-up for runners). Found
   * by working folder, which is this project's. Linux only (/proc).
   */
  killStrayProcesses(): number {
    let killed = 0;
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      try {
        if (readlinkSync(`/proc/${pid}/cwd`) !== this.dir) continue;
        process.kill(Number(pid), "SIGKILL");
        killed++;
      } catch {
        // gone already, or not ours to read
      }
    }
    return killed;
  }

  remove(): void {
    removeTempProject(this.dir);
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

/**
 * The usual set-up of an end-to-end file: an emulator with `users`, and a project running
 * `program` on a stack "dev" whose environment points at it.
 */
export async function startEmulatorProject(options: {
  key: string;
  users: ClerkEmulatorOptions["users"];
  program: string;
  /** The package to install; default: this one, packed. */
  tarball?: string;
}): Promise<{ emulator: ClerkEmulator; project: PulumiProject }> {
  const emulator = await startClerkEmulator({ secretKey: options.key, users: options.users });
  const project = await PulumiProject.create({
    program: options.program,
    env: { CLERK_SECRET_KEY: options.key, CLERK_API_URL: emulator.url },
    tarball: options.tarball,
  });
  await project.ok(["stack", "init", "dev"]);
  return { emulator, project };
}

/** Tears down what startEmulatorProject made, whatever of it was made. */
export async function stopEmulatorProject(project: PulumiProject | undefined, emulator: ClerkEmulator | undefined): Promise<void> {
  project?.remove();
  await emulator?.stop();
}
