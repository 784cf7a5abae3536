import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/**
 * Peak memory (VmHWM, the resident set's high-water mark) of the dynamic-provider process
 * the engine starts for a project: `node …/@pulumi/pulumi/cmd/dynamic-provider …` with the
 * project folder as working directory. Linux only (/proc). Sampled every `intervalMs` while
 * the command runs; VmHWM only grows, so the last sample read is the process's peak up to
 * then (at most one interval before it exits).
 */
export class ProviderMemoryWatch {
  private readonly peakKb = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly projectDir: string,
    private readonly intervalMs = 200,
  ) {}

  start(): this {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.sample();
    return this;
  }

  /** Stops sampling; the peak in MiB over every provider process seen (undefined if none was). */
  stop(): { peakMiB: number | undefined; processes: number; pids: number[] } {
    clearInterval(this.timer);
    const peaks = [...this.peakKb.values()];
    return {
      peakMiB: peaks.length > 0 ? Math.max(...peaks) / 1024 : undefined,
      processes: peaks.length,
      pids: [...this.peakKb.keys()],
    };
  }

  private sample(): void {
    // Known processes are read directly; the rest of /proc only until one is found
    // (one provider process serves a whole deployment).
    const pids = this.peakKb.size > 0 ? [...this.peakKb.keys()] : providerPids(this.projectDir);
    for (const pid of pids) {
      const kb = vmHwmKb(pid);
      if (kb !== undefined) this.peakKb.set(pid, Math.max(kb, this.peakKb.get(pid) ?? 0));
    }
  }
}

/** Processes whose cwd is `projectDir` and whose script is @pulumi/pulumi's cmd/dynamic-provider. */
export function providerPids(projectDir: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) !== projectDir) continue;
      const argv = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      // argv[1] is the script; the wrapper's `node -e "…resolve('…/dynamic-provider')"` is not it.
      if (argv[1] !== undefined && /[/\\]cmd[/\\]dynamic-provider([/\\]index\.js)?$/.test(argv[1])) found.push(Number(name));
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return found;
}

function vmHwmKb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
