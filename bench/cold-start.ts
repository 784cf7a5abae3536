import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { vmHwmKb } from "./provider-memory";
import { type Summary, summarize } from "./stats";

/*
 * Cold start of a provider process: from spawn to the port line the engine waits for
 * (the first line on stdout), as the engine starts it (one argument, the engine's address;
 * nothing answers there, and nothing is asked of it before the port line). The plugin as
 * the standalone executable users install, the same plugin as its .js bundle under `node`,
 * and, for scale, the dynamic-provider plugin every dynamic provider runs in (Pulumi's
 * shell shim, then `node …/cmd/dynamic-provider`; it loads a provider's code later, at its
 * first call). The starters take turns; the first round is a warm-up, not kept.
 */

export interface ColdStarter {
  name: string;
  command: string;
  args: string[];
  cwd: string;
}

export interface ColdStartSample {
  seconds: number;
  /** VmHWM of the process when its port line arrived, MiB. */
  peakMiB: number | undefined;
}

export interface ColdStartRow {
  name: string;
  seconds: Summary;
  peakMiB: Summary;
}

const ENGINE = "127.0.0.1:1";

export function coldStarters(options: { repoRoot: string; binDir: string; executable: string; bundle: string }): ColdStarter[] {
  return [
    { name: "plugin, standalone executable", command: options.executable, args: [ENGINE], cwd: options.repoRoot },
    { name: "plugin, .js bundle under node", command: process.execPath, args: [options.bundle, ENGINE], cwd: options.repoRoot },
    {
      name: "dynamic-provider plugin (shim + node)",
      command: join(options.binDir, "pulumi-resource-pulumi-nodejs"),
      args: [ENGINE],
      cwd: options.repoRoot,
    },
  ];
}

/** Starts `starter`, waits for its port line, reads its memory, kills it. */
export function coldStart(starter: ColdStarter, env: NodeJS.ProcessEnv): Promise<ColdStartSample> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(starter.command, starter.args, { cwd: starter.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const lines = createInterface({ input: child.stdout });
    let done = false;
    lines.once("line", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      done = true;
      // The shim's node is a child of its shell: the process that printed is the newest descendant.
      const kb = child.pid === undefined ? undefined : (vmHwmKb(deepestChild(child.pid)) ?? undefined);
      killTree(child.pid);
      resolve({ seconds, peakMiB: kb === undefined ? undefined : kb / 1024 });
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (!done) reject(new Error(`${starter.name} exited (${code}) before its port line:\n${stderr.slice(-2000)}`));
    });
  });
}

export async function runColdStarts(options: {
  starters: ColdStarter[];
  rounds: number;
  log: (line: string) => void;
}): Promise<Record<string, ColdStartSample[]>> {
  const env = { ...process.env };
  const samples: Record<string, ColdStartSample[]> = Object.fromEntries(options.starters.map((s) => [s.name, []]));
  for (let round = 0; round <= options.rounds; round++) {
    for (const starter of options.starters) {
      const sample = await coldStart(starter, env);
      if (round > 0) samples[starter.name].push(sample);
    }
  }
  for (const starter of options.starters) {
    const s = summarize(samples[starter.name].map((x) => x.seconds));
    options.log(`  ${starter.name.padEnd(40)} port line after ${(s.median * 1000).toFixed(0)} ms (median of ${s.samples.length})`);
  }
  return samples;
}

export function coldStartRows(samples: Record<string, ColdStartSample[]>): ColdStartRow[] {
  return Object.entries(samples).map(([name, list]) => ({
    name,
    seconds: summarize(list.map((s) => s.seconds)),
    peakMiB: summarize(list.map((s) => s.peakMiB).filter((v): v is number => v !== undefined)),
  }));
}

/** The pid itself, or its newest child's newest child…: the process a shell started last. */
function deepestChild(pid: number): number {
  for (let current = pid; ; ) {
    const children = childrenOf(current);
    if (children.length === 0) return current;
    current = Math.max(...children);
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Kills the process and its descendants, children first (they would be orphaned otherwise). */
function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  for (const child of childrenOf(pid)) killTree(child);
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // gone already
  }
}
