import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/*
 * A throwaway PostgreSQL cluster for the shared-backend tests: initdb in a temporary
 * folder, a server on 127.0.0.1 and a free port, password authentication, and
 * stop + delete afterwards. Run as root (as in CI containers), the server runs as the
 * `postgres` user, since PostgreSQL refuses to run as root.
 */

export type PostgresLookup = { ok: true; bin: string; runAs?: string } | { ok: false; reason: string };

const TOOLS = ["initdb", "pg_ctl", "createdb", "psql"];

/** The newest /usr/lib/postgresql/<version>/bin holding the tools we need, else one on PATH. */
export function findPostgres(): PostgresLookup {
  const candidates: string[] = [];
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v));
    versions.sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(root, v, "bin")));
  }
  candidates.push(...(process.env.PATH ?? "").split(":").filter(Boolean));
  const bin = candidates.find((dir) => TOOLS.every((tool) => existsSync(join(dir, tool))));
  if (!bin) {
    return { ok: false, reason: `PostgreSQL is not installed (no ${TOOLS.join(", ")} under ${root}/*/bin or on PATH)` };
  }
  if (process.getuid?.() !== 0) return { ok: true, bin };
  // As root: the server must run as an unprivileged user; Debian's package creates `postgres`.
  try {
    execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
    execFileSync("runuser", ["--help"], { stdio: "ignore" });
  } catch {
    return { ok: false, reason: "running as root, but there is no `postgres` user or no `runuser` to start PostgreSQL as one" };
  }
  return { ok: true, bin, runAs: "postgres" };
}

function run(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(" ")} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export class PostgresCluster {
  readonly user = "clerk";
  private stopped = false;

  private constructor(
    private readonly bin: string,
    private readonly runAs: string | undefined,
    readonly dir: string,
    readonly port: number,
    private readonly password: string,
  ) {}

  /** Starts a cluster; on any failure it stops and deletes what it made, then throws. */
  static async start(lookup: { bin: string; runAs?: string }): Promise<PostgresCluster> {
    const dir = mkdtempSync(join(tmpdir(), "clerk-pg-"));
    const password = randomBytes(12).toString("hex");
    let cluster: PostgresCluster | undefined;
    try {
      if (lookup.runAs) {
        const uid = Number(execFileSync("id", ["-u", lookup.runAs], { encoding: "utf8" }).trim());
        const gid = Number(execFileSync("id", ["-g", lookup.runAs], { encoding: "utf8" }).trim());
        chownSync(dir, uid, gid);
      }
      const pwfile = join(dir, "pwfile");
      writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
      if (lookup.runAs) {
        const uid = Number(execFileSync("id", ["-u", lookup.runAs], { encoding: "utf8" }).trim());
        chownSync(pwfile, uid, -1);
      }
      cluster = new PostgresCluster(lookup.bin, lookup.runAs, dir, 0, password);
      await cluster.server("initdb", [
        "-D",
        join(dir, "data"),
        "-U",
        "clerk",
        `--pwfile=${pwfile}`,
        "--auth=scram-sha-256",
        "-E",
        "UTF8",
        "--no-locale",
        "--no-sync",
      ]);
      rmSync(pwfile);
      // A free port can be taken between the probe and the start: try a few.
      for (let attempt = 1; ; attempt++) {
        const port = await freePort();
        try {
          await cluster.server("pg_ctl", [
            "-D",
            join(dir, "data"),
            "-l",
            join(dir, "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            `-p ${port} -c listen_addresses=127.0.0.1 -k '${dir}' -c fsync=off -c full_page_writes=off`,
            "start",
          ]);
          cluster = new PostgresCluster(lookup.bin, lookup.runAs, dir, port, password);
          break;
        } catch (err) {
          if (attempt >= 3) throw new Error(`${(err as Error).message}\n--- server.log\n${cluster.log()}`);
        }
      }
      return cluster;
    } catch (err) {
      if (cluster) await cluster.stop();
      else rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** The URL `pulumi login` takes. The server has no TLS, hence sslmode=disable. */
  url(database: string): string {
    return `postgres://${this.user}:${this.password}@127.0.0.1:${this.port}/${database}?sslmode=disable`;
  }

  async createDatabase(name: string): Promise<void> {
    await this.client("createdb", [name]);
  }

  /** Runs one SQL statement; rows come back one a line, columns separated by "|". */
  async query(database: string, sql: string): Promise<string> {
    return this.client("psql", ["-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]);
  }

  log(): string {
    try {
      return readFileSync(join(this.dir, "server.log"), "utf8");
    } catch {
      return "";
    }
  }

  /** Stops the server (immediately) and deletes the folder. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const data = join(this.dir, "data");
    if (existsSync(join(data, "postmaster.pid"))) {
      await this.server("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"]).catch(() => {
        // pg_ctl could not do it: signal the postmaster directly.
        const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
        if (pid > 0) {
          try {
            process.kill(pid, "SIGQUIT");
          } catch {
            // already gone
          }
        }
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A server-side tool, as the unprivileged user when we are root. */
  private server(tool: string, args: string[]): Promise<string> {
    const path = join(this.bin, tool);
    const env = { PATH: process.env.PATH, LANG: "C", LC_ALL: "C" };
    return this.runAs
      ? run("runuser", ["-u", this.runAs, "--", path, ...args], { cwd: this.dir, env })
      : run(path, args, { cwd: this.dir, env });
  }

  /** A client tool over TCP with the password, as whoever we are. */
  private client(tool: string, args: string[]): Promise<string> {
    return run(join(this.bin, tool), ["-h", "127.0.0.1", "-p", String(this.port), "-U", this.user, ...args], {
      env: { PATH: process.env.PATH, PGPASSWORD: this.password, PGCONNECT_TIMEOUT: "10" },
    });
  }
}
