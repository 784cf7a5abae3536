/**
 * `npm run bench`: this package against the few lines a user could write instead (a bare
 * dynamic provider, bench/bare-provider.js) and against its own provider plugin
 * (pulumi-resource-clerk, the standalone executable), in one run, with the real Pulumi CLI,
 * a local file backend and the Clerk emulator, the contenders taking turns:
 *   P1  seconds of `pulumi up` and `pulumi destroy` of N tickets (N = 10, 100, 300)
 *   P2  state bytes per ticket (`pulumi stack export`, and the backend's checkpoint file)
 *   P3  `pulumi up` of 300 tickets under a development instance's limit (100 / 10 s)
 *   P4  peak memory of the provider process (and of the `pulumi` CLI process)
 *   and the provider processes' cold start (spawn to port line).
 * Medians with min–max; results in bench/results/latest.json and latest.svg, and markdown
 * tables on stdout. Measures, asserts nothing.
 *
 * `--tickets 100,300,1000`: the scale runs instead: up + destroy at those sizes, each
 * contender as is and with PULUMI_SKIP_CHECKPOINTS=true (the CLI then writes the checkpoint
 * once, at the end, instead of after every step; `--no-skip-checkpoints` leaves those runs
 * out); time per ticket, state, peak memory of the CLI and of the provider, checkpoint
 * writes and CPU seconds per process. Results in bench/results/scale.json and scale.svg.
 *
 * `--contenders package,bare,plugin` (default: all three) picks the contenders. The plugin
 * is built as `npm run build:plugin` builds it, once per content, into the cache
 * (scripts/lib/plugin-build.ts, shared with the tests).
 *
 * Environment: BENCH_RUNS (repetitions of every measurement; default 3, 2 in quick mode,
 * 1 in scale runs), BENCH_QUICK=1 (a smoke run: N = 10 only, results in
 * bench/results/quick.*, or scale-quick.* with --tickets), BENCH_SIZES=10,100 (other sizes
 * of the default run), PULUMI_CLI_DIR (else scripts/install-pulumi-cli.sh).
 * `--profile`: profile the dynamic-provider process instead (bench/profile.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { type PluginBuild, pluginBuild } from "../scripts/lib/plugin-build";
import { packPackage } from "../scripts/lib/temp-project";
import { chartSvg, scaleChartSvg } from "./chart";
import { ALL_CONTENDERS, CONTENDER_LABELS, type Contender, pulumiBinDir, versions } from "./cli-driver";
import { type ColdStartSample, coldStarters, coldStartRows, runColdStarts } from "./cold-start";
import { runDeployCycles, type Variant } from "./deploy-cycles";
import { machine } from "./machine";
import { runProfile } from "./profile";
import { DEV_LIMIT, floorSeconds, type RateSample, runRateLimit } from "./rate-limit";
import { markdownTables, rateRows, scaleTables, sizeRows } from "./report";

const REPO_ROOT = resolve(__dirname, "..", "..");
const RESULTS_DIR = join(REPO_ROOT, "bench", "results");
/** The variant key of a contender run with PULUMI_SKIP_CHECKPOINTS=true. */
const SKIP_SUFFIX = ", PULUMI_SKIP_CHECKPOINTS";

function positiveIntegers(text: string, what: string): number[] {
  const values = text.split(",").map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !Number.isSafeInteger(v) || v < 1))
    throw new Error(`${what} must be whole numbers ≥ 1 (got "${text}")`);
  return values;
}

/** The value of `--name value` or `--name=value`; undefined if absent. */
function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const value = args[i].includes("=") ? args[i].slice(name.length + 1) : args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`${name} needs a value`);
  return value;
}

const FLAGS = ["--profile", "--no-skip-checkpoints"];
const OPTIONS = ["--tickets", "--contenders"];

/** Refuses what the bench does not know (a typo would otherwise start the 16-minute default run). */
function checkArguments(): void {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const name = args[i].split("=")[0];
    if (OPTIONS.includes(name)) {
      if (!args[i].includes("=")) i++;
    } else if (!FLAGS.includes(args[i])) {
      throw new Error(`unknown argument "${args[i]}"; the bench takes ${[...OPTIONS.map((o) => `${o} <list>`), ...FLAGS].join(", ")}`);
    }
  }
}

function contendersOption(): Contender[] {
  const text = option("--contenders");
  if (text === undefined) return [...ALL_CONTENDERS];
  const chosen = text.split(",").map((s) => s.trim());
  const unknown = chosen.filter((c) => !(ALL_CONTENDERS as readonly string[]).includes(c));
  if (unknown.length > 0 || chosen.length === 0)
    throw new Error(`--contenders takes a list of ${ALL_CONTENDERS.join(", ")} (got "${text}")`);
  // In the usual order, whatever the order given: the turns and the tables follow it.
  return ALL_CONTENDERS.filter((c) => chosen.includes(c));
}

function log(line: string): void {
  console.log(line);
}

/** What the short names in the tables stand for. */
function contenderLegend(contenders: readonly Contender[]): string {
  const what: Record<Contender, string> = {
    package: "this package's SignInToken (its dynamic provider)",
    bare: "bench/bare-provider.js, a bare dynamic provider",
    plugin: "the provider plugin pulumi-resource-clerk, the standalone executable installed from its archive",
  };
  return contenders.map((c) => `${c}: ${what[c]}`).join("; ");
}

function labelOf(key: string): string {
  const contender = key.endsWith(SKIP_SUFFIX) ? key.slice(0, -SKIP_SUFFIX.length) : key;
  const label = CONTENDER_LABELS[contender as Contender] ?? contender;
  return key.endsWith(SKIP_SUFFIX) ? `${label}, PULUMI_SKIP_CHECKPOINTS=true` : label;
}

async function main(): Promise<void> {
  const started = Date.now();
  checkArguments();
  const quick = process.env.BENCH_QUICK === "1";
  const runsOverride = process.env.BENCH_RUNS ? positiveIntegers(process.env.BENCH_RUNS, "BENCH_RUNS")[0] : undefined;
  const ticketsOption = option("--tickets");
  const scale = ticketsOption !== undefined ? positiveIntegers(ticketsOption, "--tickets") : undefined;
  const contenders = contendersOption();

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

  let plugin: PluginBuild | undefined;
  if (contenders.includes("plugin")) {
    log("provider plugin: built into the cache unless already there (scripts/lib/plugin-build.ts)…");
    plugin = await pluginBuild(REPO_ROOT);
    log(`provider plugin: ${plugin.archive}`);
  }
  const common = { repoRoot: REPO_ROOT, binDir, tarball, pluginArchive: plugin?.archive, log };
  const versionInfo = { pulumiCli: cli, pulumiSdk: sdk, node: process.version, package: packageVersion };
  const finish = (name: string, results: object, svg: string, tables: string) => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(RESULTS_DIR, `${name}.svg`), svg);
    const durationSeconds = (Date.now() - started) / 1000;
    log(`\n${tables}\n`);
    log(
      `${atStart.cores} × ${atStart.cpuModel}, ${atStart.ramGiB} GiB, ${atStart.os}; Node ${process.version}; pulumi ${cli}; @pulumi/pulumi ${sdk}`,
    );
    log(
      `load average at start ${atStart.loadAverage.join(" ")}, at end ${loadavg()
        .map((n) => n.toFixed(2))
        .join(" ")}`,
    );
    log(`wrote bench/results/${name}.json and bench/results/${name}.svg in ${(durationSeconds / 60).toFixed(1)} min`);
  };
  const caption = (what: string) =>
    `${new Date().toISOString().slice(0, 10)} · ${atStart.cores} × ${atStart.cpuModel} · Node ${process.version} · pulumi ${cli} · @pulumi/pulumi ${sdk} · ${what}`;
  const machineAtEnd = () => ({ ...atStart, loadAverageAtEnd: loadavg().map((n) => Math.round(n * 100) / 100) });

  if (scale) {
    const runs = runsOverride ?? 1;
    const withSkip = !process.argv.includes("--no-skip-checkpoints");
    const variants: Variant[] = contenders.flatMap((contender): Variant[] => [
      { key: contender, contender, env: {} },
      ...(withSkip ? [{ key: `${contender}${SKIP_SUFFIX}`, contender, env: { PULUMI_SKIP_CHECKPOINTS: "true" } }] : []),
    ]);
    log(`\nscale: up + destroy, N = ${scale.join(", ")}; ${runs} run(s) of each of ${variants.map((v) => v.key).join(" · ")} in turn`);
    const cycles = await runDeployCycles({ ...common, variants, sizes: scale, runsFor: () => runs });
    const rows = sizeRows(cycles, scale);
    const labels = Object.fromEntries(variants.map((v) => [v.key, labelOf(v.key)]));
    const results = {
      date: new Date().toISOString(),
      mode: quick ? "scale-quick" : "scale",
      durationSeconds: (Date.now() - started) / 1000,
      machine: machineAtEnd(),
      versions: versionInfo,
      settings: {
        sizes: scale,
        runs,
        contenders,
        variants: variants.map((v) => ({ key: v.key, contender: v.contender, env: v.env })),
        cycles:
          "emulator without rate limit; production key (sk_live_), so the package and the plugin pace at 1000 / 11 s; engine parallelism default (4 × cores)",
        memory:
          "VmHWM of the `pulumi` process and of the provider process (dynamic-provider or pulumi-resource-clerk), sampled every 200 ms",
        cpu: "utime + stime of each process (its own, not its children's), last value sampled every 200 ms",
        checkpoints: "renames onto <stack>.json and <stack>.json.bak in the backend's stack folder, seen with inotify; bytes = their sizes",
      },
      rows,
      samples: { cycles },
    };
    const tables = `${contenderLegend(contenders)}\n\n${scaleTables(rows, SKIP_SUFFIX)}`;
    finish(quick ? "scale-quick" : "scale", results, scaleChartSvg(rows, caption("emulator, file backend"), labels, SKIP_SUFFIX), tables);
    return;
  }

  const sizes = process.env.BENCH_SIZES ? positiveIntegers(process.env.BENCH_SIZES, "BENCH_SIZES") : quick ? [10] : [10, 100, 300];
  // 16 minutes on 2 cores at load 2–10 with the defaults (3 contenders; the 2-contender run took 9 quiet).
  const runsFor = (_n: number): number => runsOverride ?? (quick ? 2 : 3);
  const p3Tickets = quick ? 10 : 300;
  const p3Runs = runsOverride ?? (quick ? 1 : 3);
  const coldRounds = quick ? 3 : 10;

  let coldStarts: Record<string, ColdStartSample[]> = {};
  if (plugin) {
    log(`\ncold start: spawn to port line, ${coldRounds} rounds after a warm-up, the starters in turn`);
    coldStarts = await runColdStarts({ starters: coldStarters({ repoRoot: REPO_ROOT, binDir, ...plugin }), rounds: coldRounds, log });
  }
  const variants: Variant[] = contenders.map((contender) => ({ key: contender, contender, env: {} }));
  log(`\nP1, P2, P4: up + destroy, N = ${sizes.join(", ")}; runs ${sizes.map(runsFor).join(", ")}; ${contenders.join(", ")} in turn`);
  const cycles = await runDeployCycles({ ...common, variants, sizes, runsFor });
  const rateContenders = contenders.filter((c) => c !== "plugin");
  let rate: Record<string, RateSample[]> = {};
  if (rateContenders.length > 0) {
    log(`\nP3: up of ${p3Tickets} tickets under ${DEV_LIMIT.requests} requests / ${DEV_LIMIT.windowSeconds} s, ${p3Runs} run(s) each`);
    rate = await runRateLimit({ ...common, tickets: p3Tickets, runs: p3Runs, contenders: rateContenders });
  }

  const rows = sizeRows(cycles, sizes);
  const rateSummary = rateRows(rate, p3Tickets);
  const coldSummary = coldStartRows(coldStarts);
  const labels = Object.fromEntries(contenders.map((c) => [c, CONTENDER_LABELS[c]]));
  const tables = `${contenderLegend(contenders)}\n\n${markdownTables(rows, rateSummary, p3Tickets, coldSummary)}`;
  const results = {
    date: new Date().toISOString(),
    mode: quick ? "quick" : "full",
    durationSeconds: (Date.now() - started) / 1000,
    machine: machineAtEnd(),
    versions: versionInfo,
    settings: {
      sizes,
      runs: Object.fromEntries(sizes.map((n) => [n, runsFor(n)])),
      contenders,
      p1: "emulator without rate limit; production key (sk_live_), so the package and the plugin pace at 1000 / 11 s; engine parallelism default (4 × cores)",
      p3: { tickets: p3Tickets, runs: p3Runs, limit: DEV_LIMIT, floorSeconds: floorSeconds(p3Tickets), key: "development (sk_test_)" },
      memory:
        "VmHWM of the provider process (dynamic-provider, or pulumi-resource-clerk) and of the `pulumi` process, sampled every 200 ms",
      coldStart: { rounds: coldRounds, measure: "spawn to the first line on stdout (the port), as the engine starts the process" },
    },
    p1p2p4: rows,
    p3: rateSummary,
    coldStart: coldSummary,
    samples: { cycles, rate, coldStart: coldStarts },
  };
  const name = quick ? "quick" : "latest";
  finish(name, results, chartSvg(rows, caption("emulator, file backend"), labels), tables);
}

main().then(
  // Exit at once: nothing is left to wait for (keep-alive sockets would hold the process).
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
