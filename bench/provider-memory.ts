import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { basename } from "node:path";

/**
 * Peak memory (VmHWM, the resident set's high-water mark) and CPU time of the processes a
 * `pulumi` command runs for a project, by role:
 *   cli       the Pulumi CLI itself (the engine and the file backend), the `pulumi` executable;
 *   provider  the provider process: the dynamic-provider plugin,
 *             `node …/@pulumi/pulumi/cmd/dynamic-provider …`, or the provider plugin
 *             `pulumi-resource-clerk`;
 *   program   the Node.js program, `node …/@pulumi/pulumi/cmd/run …`.
 * Found by their working directory, the project folder (the engine starts its plugins
 * there). Linux only (/proc). Sampled every `intervalMs` while the command runs: VmHWM only
 * grows, so the last sample read is the process's peak up to then; CPU time (user + system,
 * the process's own, not its children's) is the last value read, at most one interval short.
 */
export type Role = "cli" | "provider" | "program";

const ROLES: readonly Role[] = ["cli", "provider", "program"];

export interface RoleUsage {
  /** Highest VmHWM over the role's processes, MiB; undefined if none was seen. */
  peakMiB: number | undefined;
  /** CPU seconds, summed over the role's processes; undefined if none was seen. */
  cpuSeconds: number | undefined;
  processes: number;
}

export type WatchResult = Record<Role, RoleUsage> & {
  /** The provider's peak, as before this watch had roles. */
  peakMiB: number | undefined;
};

interface Seen {
  role: Role;
  peakKb: number;
  cpuTicks: number;
}

let clockTicks: number | undefined;

/** Clock ticks per second of /proc/<pid>/stat (getconf CLK_TCK; 100 on Linux as built). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export class ProcessWatch {
  private readonly seen = new Map<number, Seen>();
  private timer: NodeJS.Timeout | undefined;
  private ticks = 0;

  constructor(
    private readonly projectDir: string,
    private readonly intervalMs = 200,
  ) {}

  start(): this {
    ticksPerSecond();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.sample();
    return this;
  }

  /** Stops sampling; per role, the peak and the CPU time over every process seen. */
  stop(): WatchResult {
    clearInterval(this.timer);
    const perRole = (role: Role): RoleUsage => {
      const list = [...this.seen.values()].filter((s) => s.role === role);
      return {
        peakMiB: list.length > 0 ? Math.max(...list.map((s) => s.peakKb)) / 1024 : undefined,
        cpuSeconds: list.length > 0 ? list.reduce((sum, s) => sum + s.cpuTicks, 0) / ticksPerSecond() : undefined,
        processes: list.length,
      };
    };
    const result = Object.fromEntries(ROLES.map((role) => [role, perRole(role)])) as Record<Role, RoleUsage>;
    return { ...result, peakMiB: result.provider.peakMiB };
  }

  private sample(): void {
    // /proc is scanned until every role has a process, then every 10th sample only (a
    // deployment runs one process per role; the scan catches a second one late at worst).
    const roles = new Set([...this.seen.values()].map((s) => s.role));
    if (roles.size < ROLES.length || this.ticks++ % 10 === 0) {
      for (const { pid, role } of findProcesses(this.projectDir)) {
        if (!this.seen.has(pid)) this.seen.set(pid, { role, peakKb: 0, cpuTicks: 0 });
      }
    }
    for (const [pid, s] of this.seen) {
      const kb = vmHwmKb(pid);
      if (kb !== undefined) s.peakKb = Math.max(kb, s.peakKb);
      const cpu = cpuTicks(pid);
      if (cpu !== undefined) s.cpuTicks = Math.max(cpu, s.cpuTicks);
    }
  }
}

/** What a process is to the bench, from its executable and arguments; undefined if nothing. */
export function roleOf(exe: string, argv: string[]): Role | undefined {
  if (basename(exe) === "pulumi") return "cli";
  if (basename(exe) === "pulumi-resource-clerk" || basename(argv[0] ?? "") === "pulumi-resource-clerk") return "provider";
  // argv[1] is the script; the wrapper's `node -e "…resolve('…/dynamic-provider')"` is not it.
  const script = argv[1] ?? "";
  if (/[/\\]cmd[/\\]dynamic-provider([/\\]index\.js)?$/.test(script)) return "provider";
  if (/[/\\]cmd[/\\]run([/\\]index\.js)?$/.test(script)) return "program";
  return undefined;
}

/** Processes whose cwd is `projectDir`, with their role. */
export function findProcesses(projectDir: string): Array<{ pid: number; role: Role }> {
  const found: Array<{ pid: number; role: Role }> = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) !== projectDir) continue;
      const role = roleOf(readlinkSync(`/proc/${name}/exe`), readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0"));
      if (role) found.push({ pid: Number(name), role });
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return found;
}

export function vmHwmKb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** utime + stime of the process itself, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name, field 2, is in parentheses and may hold spaces: count after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}
