import { startClerkEmulator } from "../emulator";
import { BENCH_USER, clerkEnv, randomSecretKey } from "./clerk-env";
import { BenchProject, type Contender } from "./cli-driver";

/*
 * P3: `pulumi up` of N tickets against a development instance's limit (100 requests per
 * 10 s, enforced by the emulator as a sliding window), for the package with its default
 * pacing (90 / 10 s), the package pacing exactly at the limit, and the bare provider. A
 * fresh emulator per run, so no run inherits another's window. Only `up` is timed; the
 * stack is then dropped without a destroy (the emulator forgets its tickets anyway).
 */

export const DEV_LIMIT = { requests: 100, windowSeconds: 10 };

interface RateContender {
  name: string;
  contender: Contender;
  env: Record<string, string>;
}

export const RATE_CONTENDERS: readonly RateContender[] = [
  { name: "package, pacing 100 per 10 s + 1 s (default)", contender: "package", env: {} },
  { name: "package, pacing 90 per 10 s + 1 s", contender: "package", env: { CLERK_REQUESTS_PER_10_SECONDS: "90" } },
  { name: "bare (no pacing, no retries)", contender: "bare", env: {} },
];

export interface RateSample {
  seconds: number;
  exitCode: number;
  /** Requests the emulator received, and how many it refused with 429. */
  requests: number;
  rateLimited: number;
  /** Tickets in the state after up, and how many of the N asked for are missing. */
  tickets: number;
  failures: number;
  /** From the first to the last admitted request, as the emulator saw them. */
  requestSpanSeconds: number;
}

/** The least time N requests can take under the limit: the last may start this long after the first. */
export function floorSeconds(n: number, limit = DEV_LIMIT): number {
  return Math.max(0, Math.ceil(n / limit.requests) - 1) * limit.windowSeconds;
}

export async function runRateLimit(options: {
  repoRoot: string;
  binDir: string;
  tarball: string;
  tickets: number;
  runs: number;
  /** Which of the rate contenders run: those of these contenders (default: all). */
  contenders?: readonly Contender[];
  log: (line: string) => void;
}): Promise<Record<string, RateSample[]>> {
  const chosen = RATE_CONTENDERS.filter((c) => options.contenders?.includes(c.contender) ?? true);
  // Filled in turn below; the clean-up removes whichever were made.
  const projects = {} as Record<Contender, BenchProject>;
  const samples: Record<string, RateSample[]> = Object.fromEntries(chosen.map((c) => [c.name, []]));
  try {
    for (const contender of new Set(chosen.map((c) => c.contender))) {
      projects[contender] = await BenchProject.create({
        contender,
        repoRoot: options.repoRoot,
        binDir: options.binDir,
        tarball: options.tarball,
      });
    }
    for (let run = 1; run <= options.runs; run++) {
      // Each round starts with a different contender.
      const order = chosen.map((_, i) => chosen[(i + run - 1) % chosen.length]);
      for (const c of order) {
        const sample = await rateRun(projects[c.contender], c, options.tickets);
        samples[c.name].push(sample);
        options.log(
          `  run ${run}/${options.runs} ${c.name.padEnd(34)} up ${sample.seconds.toFixed(1)} s (exit ${sample.exitCode}), ` +
            `429s ${sample.rateLimited}, failures ${sample.failures}, requests spanned ${sample.requestSpanSeconds.toFixed(1)} s`,
        );
      }
    }
    return samples;
  } finally {
    for (const project of Object.values(projects)) project?.remove();
  }
}

async function rateRun(project: BenchProject, c: RateContender, n: number): Promise<RateSample> {
  const emulator = await startClerkEmulator({ secretKey: randomSecretKey("development"), users: [BENCH_USER], rateLimit: DEV_LIMIT });
  try {
    const up = await project.up(n, clerkEnv(emulator, c.env));
    project.killStray(); // a failed up may leave its plugins behind
    const requests = emulator.requests();
    const admitted = requests.filter((r) => r.status !== 429).map((r) => r.at);
    const { tickets } = await project.exportState();
    await project.resetStack();
    return {
      seconds: up.seconds,
      exitCode: up.code,
      requests: requests.length,
      rateLimited: requests.filter((r) => r.status === 429).length,
      tickets,
      failures: n - tickets,
      requestSpanSeconds: admitted.length > 1 ? (Math.max(...admitted) - Math.min(...admitted)) / 1000 : 0,
    };
  } finally {
    await emulator.stop();
  }
}
