import { execFile } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTempProject, localBackendEnv, type RunResult, removeTempProject, runCommand } from "../scripts/lib/temp-project";

/*
 * The bench's own driver of the real Pulumi CLI: a temp project per contender, on a local
 * file backend inside its folder, running one program that declares N tickets.
 */

/**
 * `package`: this package's SignInToken (its dynamic provider); `bare`: bench/bare-provider.js,
 * a dynamic provider in thirty lines; `plugin`: the provider plugin pulumi-resource-clerk,
 * the standalone executable installed from its archive as a user installs it.
 */
export type Contender = "package" | "bare" | "plugin";

export const ALL_CONTENDERS: readonly Contender[] = ["package", "bare", "plugin"];

export const CONTENDER_LABELS: Record<Contender, string> = {
  package: "package (dynamic provider)",
  bare: "bare dynamic provider",
  plugin: "provider plugin",
};

/** The resource types that are tickets in a state: the dynamic providers' and the plugin's. */
export function isTicketType(type: string): boolean {
  return type.startsWith("pulumi-nodejs:dynamic") || type === "clerk:index:SignInToken";
}

export const PROJECT_NAME = "bench";
export const STACK_NAME = "bench";
/** Not a secret: it guards only the bench's throw-away local backend. */
const PASSPHRASE = "clerk-bench-passphrase";

/** N tickets for one user; N comes from BENCH_TICKETS in the environment of `pulumi up`. */
function program(contender: Contender): string {
  // The plugin's resource as any Node.js program can declare it without a generated SDK:
  // its type token, its inputs, and the outputs it reads.
  const declaration =
    contender === "plugin"
      ? [
          `const pulumi = require("@pulumi/pulumi");`,
          `class SignInToken extends pulumi.CustomResource {`,
          `  constructor(n, a, o) { super("clerk:index:SignInToken", n, { ...a, token: undefined, url: undefined, expiresAt: undefined }, o); }`,
          `}`,
        ]
      : [
          `const { SignInToken } = require(${JSON.stringify(contender === "package" ? "pulumi-clerk-sign-in-tokens" : "./bare-provider")});`,
        ];
  return [
    ...declaration,
    `const count = Number(process.env.BENCH_TICKETS);`,
    `for (let i = 0; i < count; i++) new SignInToken(\`ticket-\${i}\`, { userId: "user_bench", expiresInSeconds: 3600 });`,
    ``,
  ].join("\n");
}

export interface TimedRun extends RunResult {
  seconds: number;
}

export class BenchProject {
  readonly backendDir: string;
  private readonly env: Record<string, string>;

  private constructor(
    readonly contender: Contender,
    readonly dir: string,
    binDir: string,
  ) {
    this.backendDir = join(dir, ".state");
    this.env = {
      ...localBackendEnv({ binDir, backendDir: this.backendDir, homeDir: join(dir, ".pulumi-home"), passphrase: PASSPHRASE }),
    };
  }

  /**
   * A project for `contender` whose stack is initialised. The Clerk settings (key, URL,
   * pacing) are given to each command, in its environment, which the provider inherits.
   * The plugin contender installs `pluginArchive` into the project's own PULUMI_HOME with
   * `pulumi plugin install resource clerk <version> --file`, where the engine finds it.
   */
  static async create(options: {
    contender: Contender;
    repoRoot: string;
    binDir: string;
    tarball: string;
    pluginArchive?: string;
  }): Promise<BenchProject> {
    const dir = createTempProject({
      repoRoot: options.repoRoot,
      prefix: `clerk-bench-${options.contender}-`,
      pulumiYaml: `name: ${PROJECT_NAME}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
      files: { "index.js": program(options.contender) },
      tarball: options.tarball,
    });
    if (options.contender === "bare") copyFileSync(join(options.repoRoot, "bench", "bare-provider.js"), join(dir, "bare-provider.js"));
    const project = new BenchProject(options.contender, dir, options.binDir);
    if (options.contender === "plugin") {
      if (!options.pluginArchive) throw new Error("the plugin contender needs the plugin's archive (scripts/lib/plugin-build.ts)");
      const { version } = JSON.parse(readFileSync(join(options.repoRoot, "package.json"), "utf8")) as { version: string };
      await project.ok(["plugin", "install", "resource", "clerk", version, "--file", options.pluginArchive]);
    }
    await project.ok(["stack", "init", STACK_NAME]);
    return project;
  }

  /** `pulumi <args>`, timed; never throws on a non-zero exit. */
  async run(args: string[], extraEnv: Record<string, string> = {}): Promise<TimedRun> {
    const started = process.hrtime.bigint();
    const result = await runCommand("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env: { ...this.env, ...extraEnv } });
    return { ...result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  }

  /** Like run, but a non-zero exit is an error (with the tail of the output, never a key). */
  async ok(args: string[], extraEnv: Record<string, string> = {}): Promise<TimedRun> {
    return this.check(await this.run(args, extraEnv), args.join(" "));
  }

  /** The result if the command succeeded; otherwise an error with the tail of its output. */
  check(result: TimedRun, what: string): TimedRun {
    if (result.code === 0) return result;
    const tail = redact(`${result.stdout}\n${result.stderr}`).split("\n").slice(-30).join("\n");
    throw new Error(`[${this.contender}] pulumi ${what} exited ${result.code}\n${tail}`);
  }

  up(tickets: number, extraEnv: Record<string, string> = {}): Promise<TimedRun> {
    return this.run(["up", "--yes", "--skip-preview"], { BENCH_TICKETS: String(tickets), ...extraEnv });
  }

  destroy(extraEnv: Record<string, string> = {}): Promise<TimedRun> {
    return this.run(["destroy", "--yes", "--skip-preview"], extraEnv);
  }

  /** Bytes of `pulumi stack export` (secrets stay encrypted) and the tickets it holds. */
  async exportState(): Promise<{ bytes: number; tickets: number }> {
    const result = await this.ok(["stack", "export"]);
    const deployment = JSON.parse(result.stdout) as { deployment?: { resources?: Array<{ type: string }> } };
    const tickets = (deployment.deployment?.resources ?? []).filter((r) => isTicketType(r.type)).length;
    return { bytes: Buffer.byteLength(result.stdout), tickets };
  }

  /** The checkpoint file the file backend rewrites as the deployment goes. */
  checkpointPath(): string {
    const candidates = [
      join(this.backendDir, ".pulumi", "stacks", PROJECT_NAME, `${STACK_NAME}.json`),
      join(this.backendDir, ".pulumi", "stacks", `${STACK_NAME}.json`),
    ];
    const found = candidates.find((path) => existsSync(path));
    if (!found) throw new Error(`no checkpoint file under ${this.backendDir}/.pulumi/stacks`);
    return found;
  }

  /** Bytes of the checkpoint file. */
  checkpointBytes(): number {
    return statSync(this.checkpointPath()).size;
  }

  /** Drops the stack without touching Clerk, then makes it again: a clean start in seconds. */
  async resetStack(): Promise<void> {
    await this.ok(["stack", "rm", "--force", "--yes", STACK_NAME]);
    await this.ok(["stack", "init", STACK_NAME]);
  }

  /** Kills plugin processes a failed CLI left running (found by working folder; Linux). */
  killStray(): void {
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      try {
        if (readlinkSync(`/proc/${pid}/cwd`) === this.dir) process.kill(Number(pid), "SIGKILL");
      } catch {
        // gone already, or not ours
      }
    }
  }

  remove(): void {
    this.killStray();
    removeTempProject(this.dir);
  }
}

/** Keys and tickets never leave the bench, not even in an error message. */
export function redact(text: string): string {
  return text
    .replace(/sk_(test|live)_[A-Za-z0-9_-]+/g, "sk_$1_…")
    .replace(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, "<jwt>")
    .replace(/https?:\/\/127\.0\.0\.1:\d+\S*/g, "<emulator url>");
}

/** The folder holding the pinned pulumi CLI: PULUMI_CLI_DIR, or what the install script prints. */
export async function pulumiBinDir(repoRoot: string): Promise<string> {
  if (process.env.PULUMI_CLI_DIR) return process.env.PULUMI_CLI_DIR;
  const { stdout } = await promisify(execFile)("bash", [join(repoRoot, "scripts", "install-pulumi-cli.sh")], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim().split("\n").at(-1)?.trim() ?? "";
}

/** `pulumi version` of the CLI in binDir, and the @pulumi/pulumi the projects link to. */
export async function versions(repoRoot: string, binDir: string): Promise<{ cli: string; sdk: string }> {
  const { stdout } = await promisify(execFile)(join(binDir, "pulumi"), ["version"], {
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  const sdk = (JSON.parse(readFileSync(join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string })
    .version;
  return { cli: stdout.trim(), sdk };
}
