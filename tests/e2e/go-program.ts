import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, relative } from "node:path";
import { promisify } from "node:util";
import { localBackendEnv, type RunResult, runCommand } from "../../scripts/lib/temp-project";
import { REPO_ROOT } from "../support/serialized-provider";
import { PASSPHRASE, pulumiBinDir } from "./pulumi-project";

const execFileAsync = promisify(execFile);

/** The Go module of the driver (tests/e2e/go-program/main.go says what it does). */
const SOURCE_DIR = join(__dirname, "go-program");

/** The files under `dir`, recursively. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesIn(path) : [path];
  });
}

/** Every file the binary is built from: the driver's module and the Go SDK it replaces in. */
function sourceFiles(): string[] {
  const sdk = join(REPO_ROOT, "sdk");
  return [...filesIn(SOURCE_DIR), ...filesIn(join(sdk, "go")), join(sdk, "go.mod"), join(sdk, "go.sum")].sort();
}

async function contentKey(): Promise<string> {
  const hash = createHash("sha256");
  const { stdout: goVersion } = await execFileAsync("go", ["env", "GOVERSION", "GOOS", "GOARCH"]);
  hash.update(goVersion);
  for (const file of sourceFiles()) {
    const content = readFileSync(file);
    hash.update(`${relative(REPO_ROOT, file)}\0${content.length}\0`).update(content);
  }
  return hash.digest("hex").slice(0, 16);
}

let built: Promise<string> | undefined;

/**
 * The driver's binary, built once per content of its sources and the SDK (and Go version)
 * into the cache folder, <cache>/go-program-<hash>/go-program. Built with the committed
 * go.sum only (-mod=readonly): a go.sum missing an entry fails here as it would for a
 * user. The first build on a machine compiles the Pulumi Go SDK: a minute or more.
 */
export function goProgramBinary(): Promise<string> {
  built ??= (async () => {
    const [key, { stdout: cacheRoot }] = await Promise.all([
      contentKey(),
      execFileAsync("bash", [join(REPO_ROOT, "scripts", "lib", "cache-root.sh")]),
    ]);
    const dir = join(cacheRoot.trim(), `go-program-${key}`);
    const binary = join(dir, "go-program");
    if (existsSync(binary)) return binary;
    mkdirSync(dir, { recursive: true });
    // A name of our own, renamed into place when complete: two test processes building at
    // once each finish their own file, and a reader never sees half of one.
    const partial = join(dir, `.go-program.partial.${process.pid}`);
    try {
      await execFileAsync("go", ["build", "-buildvcs=false", "-mod=readonly", "-o", partial, "."], {
        cwd: SOURCE_DIR,
        env: { ...process.env, GOWORK: "off", GOFLAGS: "" },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 20 * 60_000,
      });
      renameSync(partial, binary);
    } finally {
      rmSync(partial, { force: true });
    }
    return binary;
  })();
  built.catch(() => {
    built = undefined;
  });
  return built;
}

/**
 * A stack of the Go program on a local file backend in a temporary folder: the work dir
 * (Pulumi.yaml, stack config), the backend and a Pulumi home of its own.
 */
export class GoProgramProject {
  readonly dir: string;
  readonly workDir: string;
  readonly env: Record<string, string>;

  private constructor(dir: string, env: Record<string, string>) {
    this.dir = dir;
    this.workDir = join(dir, "work");
    this.env = env;
  }

  /**
   * `env` adds to (or, with undefined, removes from) the environment: CLERK_SECRET_KEY,
   * CLERK_API_URL, E2E_USER_ID… `pluginDir`, when given, goes first on PATH: the folder
   * holding the `pulumi-resource-clerk` executable.
   */
  static async create(options: { env?: Record<string, string | undefined>; pluginDir?: string } = {}): Promise<GoProgramProject> {
    const [cli] = await Promise.all([pulumiBinDir(), goProgramBinary()]);
    const dir = mkdtempSync(join(tmpdir(), "clerk-e2e-go-"));
    const env = localBackendEnv({
      binDir: cli,
      backendDir: join(dir, ".state"),
      homeDir: join(dir, ".pulumi-home"),
      passphrase: PASSPHRASE,
    });
    if (options.pluginDir) env.PATH = `${options.pluginDir}${delimiter}${env.PATH}`;
    for (const [k, v] of Object.entries(options.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return new GoProgramProject(dir, env);
  }

  /** Runs `go-program --dir <work dir> <args>`; resolves with the exit code, never throws on failure. */
  async run(args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<RunResult> {
    const env: Record<string, string> = { ...this.env };
    for (const [k, v] of Object.entries(extraEnv)) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return runCommand(await goProgramBinary(), ["--dir", this.workDir, ...args], { cwd: this.dir, env });
  }

  /** Like run, but a non-zero exit is an error carrying the output; returns stdout's JSON. */
  async ok(args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<unknown> {
    const result = await this.run(args, extraEnv);
    if (result.code !== 0) {
      throw new Error(`go-program ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
    }
    return JSON.parse(result.stdout);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
