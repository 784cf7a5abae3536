/**
 * `npm run bench`: this package against the few lines a user could write instead (a bare
 * dynamic provider, bench/bare-provider.js), in one run, with the real Pulumi CLI, a local
 * file backend and the Clerk emulator, the contenders taking turns:
 *   P1  seconds of `pulumi up` and `pulumi destroy` of N tickets (N = 10, 100, 300)
 *   P2  state bytes per ticket (`pulumi stack export`, and the backend's checkpoint file)
 *   P3  `pulumi up` of 300 tickets under a development instance's limit (100 / 10 s)
 *   P4  peak memory of the dynamic-provider process
 * Medians with min–max; results in bench/results/latest.json and latest.svg, and markdown
 * tables on stdout. Measures, asserts nothing.
 *
 * Environment: BENCH_RUNS (repetitions of every measurement; default 3, 2 in quick mode),
 * BENCH_QUICK=1 (a smoke run: N = 10 only, results in bench/results/quick.*),
 * BENCH_SIZES=10,100 (other sizes), PULUMI_CLI_DIR (else scripts/install-pulumi-cli.sh).
 * `--profile`: profile the provider process instead (bench/profile.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { packPackage } from "../scripts/lib/temp-project";
import { chartSvg } from "./chart";
import { pulumiBinDir, versions } from "./cli-driver";
import { runDeployCycles } from "./deploy-cycles";
import { machine } from "./machine";
import { runProfile } from "./profile";
import { DEV_LIMIT, floorSeconds, runRateLimit } from "./rate-limit";
import { markdownTables, rateRows, sizeRows } from "./report";

const REPO_ROOT = resolve(__dirname, "..", "..");
const RESULTS_DIR = join(REPO_ROOT, "bench", "results");

function positiveIntegers(text: string, what: string): number[] {
  const values = text.split(",").map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !Number.isSafeInteger(v) || v < 1))
    throw new Error(`${what} must be whole numbers ≥ 1 (got "${text}")`);
  return values;
}

function log(line: string): void {
  console.log(line);
}

async function main(): Promise<void> {
  const started = Date.now();
  const quick = process.env.BENCH_QUICK === "1";
  const runsOverride = process.env.BENCH_RUNS ? positiveIntegers(process.env.BENCH_RUNS, "BENCH_RUNS")[0] : undefined;
  const sizes = process.env.BENCH_SIZES ? positiveIntegers(process.env.BENCH_SIZES, "BENCH_SIZES") : quick ? [10] : [10, 100, 300];
  // About 15 minutes on 2 cores with the defaults.
  const runsFor = (_n: number): number => runsOverride ?? (quick ? 2 : 3);
  const p3Tickets = quick ? 10 : 300;
  const p3Runs = runsOverride ?? (quick ? 1 : 3);

  const binDir = await pulumiBinDir(REPO_ROOT);
  const tarball = packPackage(REPO_ROOT);
  const packageVersion = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
  const { cli, sdk } = await versions(REPO_ROOT, binDir);
  const atStart = machine();
  log(
    `pulumi CLI ${cli}, @pulumi/pulumi ${sdk}, Node ${atStart.node}; ${atStart.cores} × ${atStart.cpuModel}, ${atStart.ramGiB} GiB; load ${atStart.loadAverage.join(" ")}`,
  );

  if (process.argv.includes("--profile")) {
    const tickets = Number(process.env.BENCH_PROFILE_TICKETS ?? 100);
    log(`\nprofiling the dynamic-provider process, ${tickets} tickets`);
    const report = await runProfile({ repoRoot: REPO_ROOT, binDir, tarball, tickets, log });
    mkdirSync(RESULTS_DIR, { recursive: true });
    const compact = {
      ...report,
      profiles: report.profiles.map((p) => ({
        ...p,
        summary: {
          ...p.summary,
          selfByArea: p.summary.selfByArea.slice(0, 15),
          selfByFunction: p.summary.selfByFunction.slice(0, 25),
          packageInclusive: p.summary.packageInclusive.slice(0, 25),
        },
      })),
    };
    const file = join(RESULTS_DIR, "profile.json");
    writeFileSync(
      file,
      `${JSON.stringify(
        { date: new Date().toISOString(), machine: atStart, versions: { cli, sdk, package: packageVersion }, ...compact },
        null,
        2,
      )}\n`,
    );
    log(`\nwrote ${file}`);
    return;
  }

  log(`\nP1, P2, P4: up + destroy, N = ${sizes.join(", ")}; runs ${sizes.map(runsFor).join(", ")}; package and bare in turn`);
  const cycles = await runDeployCycles({ repoRoot: REPO_ROOT, binDir, tarball, sizes, runsFor, log });
  log(`\nP3: up of ${p3Tickets} tickets under ${DEV_LIMIT.requests} requests / ${DEV_LIMIT.windowSeconds} s, ${p3Runs} run(s) each`);
  const rate = await runRateLimit({ repoRoot: REPO_ROOT, binDir, tarball, tickets: p3Tickets, runs: p3Runs, log });

  const rows = sizeRows(cycles, sizes);
  const rateSummary = rateRows(rate, p3Tickets);
  const durationSeconds = (Date.now() - started) / 1000;
  const date = new Date().toISOString();
  const results = {
    date,
    mode: quick ? "quick" : "full",
    durationSeconds,
    machine: { ...atStart, loadAverageAtEnd: loadavg().map((n) => Math.round(n * 100) / 100) },
    versions: { pulumiCli: cli, pulumiSdk: sdk, node: process.version, package: packageVersion },
    settings: {
      sizes,
      runs: Object.fromEntries(sizes.map((n) => [n, runsFor(n)])),
      p1: "emulator without rate limit; production key (sk_live_), so the package paces at 900 / 10 s; engine parallelism default (4 × cores)",
      p3: { tickets: p3Tickets, runs: p3Runs, limit: DEV_LIMIT, floorSeconds: floorSeconds(p3Tickets), key: "development (sk_test_)" },
      memory: "VmHWM of the dynamic-provider process, sampled every 200 ms",
    },
    p1p2p4: rows,
    p3: rateSummary,
    samples: { cycles, rate },
  };
  const name = quick ? "quick" : "latest";
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  const caption = `${date.slice(0, 10)} · ${atStart.cores} × ${atStart.cpuModel} · Node ${process.version} · pulumi ${cli} · @pulumi/pulumi ${sdk} · emulator, file backend`;
  writeFileSync(join(RESULTS_DIR, `${name}.svg`), chartSvg(rows, caption));

  log(`\n${markdownTables(rows, rateSummary, p3Tickets)}\n`);
  log(
    `${atStart.cores} × ${atStart.cpuModel}, ${atStart.ramGiB} GiB, ${atStart.os}; Node ${process.version}; pulumi ${cli}; @pulumi/pulumi ${sdk}`,
  );
  log(`load average at start ${atStart.loadAverage.join(" ")}, at end ${results.machine.loadAverageAtEnd.join(" ")}`);
  log(`wrote bench/results/${name}.json and bench/results/${name}.svg in ${(durationSeconds / 60).toFixed(1)} min`);
}

main().then(
  // Exit at once: nothing is left to wait for (keep-alive sockets would hold the process).
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
