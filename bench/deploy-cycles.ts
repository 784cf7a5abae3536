import { loadavg } from "node:os";
import { startClerkEmulator } from "../emulator";
import { CheckpointWatch, type CheckpointWrites } from "./checkpoint-watch";
import { BENCH_USER, clerkEnv, randomSecretKey } from "./clerk-env";
import { BenchProject, type Contender } from "./cli-driver";
import { ProcessWatch, type WatchResult } from "./provider-memory";

/*
 * P1, P2 and P4, and the scale runs: `pulumi up` then `pulumi destroy` of N tickets, the
 * variants taking turns (package, bare, plugin, package, …) so that whatever else the
 * machine does weighs on all alike. Emulator without rate limit; a production key, so the
 * package paces at a production instance's limit. A variant is a contender with extra
 * environment for the CLI (e.g. PULUMI_SKIP_CHECKPOINTS=true); variants of one contender
 * share its project.
 */

export interface Variant {
  /** Key in the samples: the contender's name, or the contender and what differs. */
  key: string;
  contender: Contender;
  env: Record<string, string>;
}

/** One up + destroy cycle of one variant. */
export interface CycleSample {
  upSeconds: number;
  destroySeconds: number;
  /** `pulumi stack export` after up, in bytes. */
  exportBytes: number;
  /** The backend's checkpoint file after up, in bytes. */
  checkpointBytes: number;
  /** Peak RSS (VmHWM) of the provider process, MiB; undefined if it was never seen. */
  upProviderPeakMiB: number | undefined;
  destroyProviderPeakMiB: number | undefined;
  /** Peak RSS (VmHWM) of the `pulumi` process itself, MiB. */
  upCliPeakMiB: number | undefined;
  destroyCliPeakMiB: number | undefined;
  /** CPU seconds of each process during up and destroy. */
  upCpu: CpuSeconds;
  destroyCpu: CpuSeconds;
  /** Checkpoint writes of the file backend during up and destroy. */
  upCheckpoints: CheckpointWrites;
  destroyCheckpoints: CheckpointWrites;
  /** The machine's 1-minute load average when the cycle ended: other work skews the timings. */
  load1: number;
}

export interface CpuSeconds {
  cli: number | undefined;
  provider: number | undefined;
  program: number | undefined;
}

export type CycleSamples = Record<string, Record<number, CycleSample[]>>;

export interface CycleOptions {
  repoRoot: string;
  binDir: string;
  tarball: string;
  pluginArchive?: string;
  variants: readonly Variant[];
  sizes: number[];
  runsFor: (n: number) => number;
  log: (line: string) => void;
}

export async function runDeployCycles(options: CycleOptions): Promise<CycleSamples> {
  const emulator = await startClerkEmulator({ secretKey: randomSecretKey("production"), users: [BENCH_USER], rateLimit: false });
  // Filled in turn below; the clean-up removes whichever were made.
  const projects = new Map<Contender, BenchProject>();
  try {
    for (const { contender } of options.variants) {
      if (projects.has(contender)) continue;
      projects.set(
        contender,
        await BenchProject.create({
          contender,
          repoRoot: options.repoRoot,
          binDir: options.binDir,
          tarball: options.tarball,
          pluginArchive: options.pluginArchive,
        }),
      );
    }
    const project = (v: Variant) => projects.get(v.contender) as BenchProject;
    const env = clerkEnv(emulator);
    // Warm-up, not measured: the first run of each pays for cold file caches.
    for (const v of options.variants) await cycle(project(v), 1, { ...env, ...v.env });
    const width = Math.max(...options.variants.map((v) => v.key.length));
    const samples: CycleSamples = Object.fromEntries(options.variants.map((v) => [v.key, {}]));
    for (const n of options.sizes) {
      const runs = options.runsFor(n);
      for (let run = 1; run <= runs; run++) {
        for (const v of options.variants) {
          const sample = await cycle(project(v), n, { ...env, ...v.env });
          (samples[v.key][n] ??= []).push(sample);
          options.log(
            `  N=${n} run ${run}/${runs} ${v.key.padEnd(width)} up ${sample.upSeconds.toFixed(1)} s, destroy ${sample.destroySeconds.toFixed(1)} s, ` +
              `checkpoint ${Math.round(sample.checkpointBytes / n)} B/ticket (${sample.upCheckpoints.writes} writes in up), ` +
              `peak provider ${mib(sample.upProviderPeakMiB)} / CLI ${mib(sample.upCliPeakMiB)} MiB; load ${sample.load1}`,
          );
        }
      }
    }
    return samples;
  } finally {
    for (const p of projects.values()) p.remove();
    await emulator.stop();
  }
}

const mib = (v: number | undefined): string => v?.toFixed(0) ?? "?";

async function cycle(project: BenchProject, n: number, env: Record<string, string>): Promise<CycleSample> {
  const [up, upWatch, upCheckpoints] = await watched(project, () => project.up(n, env));
  project.check(up, `up (${n} tickets)`);
  const state = await project.exportState();
  if (state.tickets !== n) throw new Error(`[${project.contender}] the state holds ${state.tickets} tickets after up, not ${n}`);
  const checkpointBytes = project.checkpointBytes();
  const [destroy, destroyWatch, destroyCheckpoints] = await watched(project, () => project.destroy(env));
  project.check(destroy, `destroy (${n} tickets)`);
  return {
    upSeconds: up.seconds,
    destroySeconds: destroy.seconds,
    exportBytes: state.bytes,
    checkpointBytes,
    upProviderPeakMiB: upWatch.provider.peakMiB,
    destroyProviderPeakMiB: destroyWatch.provider.peakMiB,
    upCliPeakMiB: upWatch.cli.peakMiB,
    destroyCliPeakMiB: destroyWatch.cli.peakMiB,
    upCpu: cpu(upWatch),
    destroyCpu: cpu(destroyWatch),
    upCheckpoints,
    destroyCheckpoints,
    load1: Math.round(loadavg()[0] * 100) / 100,
  };
}

function cpu(watch: WatchResult): CpuSeconds {
  return { cli: watch.cli.cpuSeconds, provider: watch.provider.cpuSeconds, program: watch.program.cpuSeconds };
}

/** Runs a command while watching the project's processes and its checkpoint file. */
export async function watched<T>(project: BenchProject, command: () => Promise<T>): Promise<[T, WatchResult, CheckpointWrites]> {
  const processes = new ProcessWatch(project.dir).start();
  const checkpoints = new CheckpointWatch(project.checkpointPath()).start();
  try {
    const result = await command();
    // inotify's last events may still be on their way to this process's event loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return [result, processes.stop(), checkpoints.stop()];
  } finally {
    processes.stop();
    checkpoints.stop();
  }
}
