import { startClerkEmulator } from "../emulator";
import { BENCH_USER, clerkEnv, randomSecretKey } from "./clerk-env";
import { BenchProject, type Contender } from "./cli-driver";
import { ProviderMemoryWatch } from "./provider-memory";

/*
 * P1, P2 and P4: `pulumi up` then `pulumi destroy` of N tickets, the package and the bare
 * provider taking turns (package, bare, package, bare, …) so that whatever else the machine
 * does weighs on both alike. Emulator without rate limit; a production key, so the package
 * paces at a production instance's 900 per 10 s.
 */

export const CONTENDERS: readonly Contender[] = ["package", "bare"];

/** One up + destroy cycle of one contender. */
export interface CycleSample {
  upSeconds: number;
  destroySeconds: number;
  /** `pulumi stack export` after up, in bytes. */
  exportBytes: number;
  /** The backend's checkpoint file after up, in bytes. */
  checkpointBytes: number;
  /** Peak RSS (VmHWM) of the dynamic-provider process, MiB; undefined if it was never seen. */
  upProviderPeakMiB: number | undefined;
  destroyProviderPeakMiB: number | undefined;
}

export type CycleSamples = Record<Contender, Record<number, CycleSample[]>>;

export interface CycleOptions {
  repoRoot: string;
  binDir: string;
  tarball: string;
  sizes: number[];
  runsFor: (n: number) => number;
  log: (line: string) => void;
}

export async function runDeployCycles(options: CycleOptions): Promise<CycleSamples> {
  const emulator = await startClerkEmulator({ secretKey: randomSecretKey("production"), users: [BENCH_USER], rateLimit: false });
  // Filled in turn below; the clean-up removes whichever were made.
  const projects = {} as Record<Contender, BenchProject>;
  try {
    for (const contender of CONTENDERS) {
      projects[contender] = await BenchProject.create({
        contender,
        repoRoot: options.repoRoot,
        binDir: options.binDir,
        tarball: options.tarball,
      });
    }
    const env = clerkEnv(emulator);
    // Warm-up, not measured: the first run of each pays for cold file caches.
    for (const contender of CONTENDERS) await cycle(projects[contender], 1, env);
    const samples: CycleSamples = { package: {}, bare: {} };
    for (const n of options.sizes) {
      const runs = options.runsFor(n);
      for (let run = 1; run <= runs; run++) {
        for (const contender of CONTENDERS) {
          const sample = await cycle(projects[contender], n, env);
          (samples[contender][n] ??= []).push(sample);
          options.log(
            `  N=${n} run ${run}/${runs} ${contender.padEnd(7)} up ${sample.upSeconds.toFixed(1)} s, destroy ${sample.destroySeconds.toFixed(1)} s, ` +
              `checkpoint ${Math.round(sample.checkpointBytes / n)} B/ticket, provider peak ${sample.upProviderPeakMiB?.toFixed(0) ?? "?"} MiB`,
          );
        }
      }
    }
    return samples;
  } finally {
    for (const project of Object.values(projects)) project?.remove();
    await emulator.stop();
  }
}

async function cycle(project: BenchProject, n: number, env: Record<string, string>): Promise<CycleSample> {
  const [up, upMemory] = await watched(project, () => project.up(n, env));
  project.check(up, `up (${n} tickets)`);
  const state = await project.exportState();
  if (state.tickets !== n) throw new Error(`[${project.contender}] the state holds ${state.tickets} tickets after up, not ${n}`);
  const checkpointBytes = project.checkpointBytes();
  const [destroy, destroyMemory] = await watched(project, () => project.destroy(env));
  project.check(destroy, `destroy (${n} tickets)`);
  return {
    upSeconds: up.seconds,
    destroySeconds: destroy.seconds,
    exportBytes: state.bytes,
    checkpointBytes,
    upProviderPeakMiB: upMemory.peakMiB,
    destroyProviderPeakMiB: destroyMemory.peakMiB,
  };
}

/** Runs a command while watching the memory of the project's provider process. */
export async function watched<T>(project: BenchProject, command: () => Promise<T>): Promise<[T, ReturnType<ProviderMemoryWatch["stop"]>]> {
  const watch = new ProviderMemoryWatch(project.dir).start();
  try {
    const result = await command();
    return [result, watch.stop()];
  } finally {
    watch.stop();
  }
}
