import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startClerkEmulator } from "../emulator";
import { runCommand } from "../scripts/lib/temp-project";
import { BENCH_USER, clerkEnv, randomSecretKey } from "./clerk-env";
import { BenchProject, type Contender } from "./cli-driver";
import { type ProfileSummary, summarizeProfile, type TimeEntry } from "./cpu-profile";

/*
 * `npm run bench -- --profile`: where the dynamic-provider process spends its CPU during
 * `pulumi up` and `pulumi destroy` of N tickets (default 100), for the package and, for
 * scale, the bare provider; then the package's create and revoke paths timed piece by
 * piece outside the engine (per-call-timings.ts). Reports; judges nothing.
 */

export interface ProfileReport {
  tickets: number;
  profiles: Array<{ contender: Contender; command: "up" | "destroy"; seconds: number; summary: ProfileSummary }>;
  perCall: Record<string, { firstMs: number; meanMs: number; calls: number }>;
}

export async function runProfile(options: {
  repoRoot: string;
  binDir: string;
  tarball: string;
  tickets: number;
  log: (line: string) => void;
}): Promise<ProfileReport> {
  const { log, tickets } = options;
  const emulator = await startClerkEmulator({ secretKey: randomSecretKey("production"), users: [BENCH_USER], rateLimit: false });
  const profileRoot = mkdtempSync(join(tmpdir(), "clerk-bench-profile-"));
  const hook = join(__dirname, "profile-hook.js");
  const report: ProfileReport = { tickets, profiles: [], perCall: {} };
  const projects: BenchProject[] = [];
  try {
    for (const contender of ["package", "bare"] as const) {
      const project = await BenchProject.create({
        contender,
        repoRoot: options.repoRoot,
        binDir: options.binDir,
        tarball: options.tarball,
      });
      projects.push(project);
      for (const command of ["up", "destroy"] as const) {
        const dir = join(profileRoot, `${contender}-${command}`);
        mkdirSync(dir);
        const env = clerkEnv(emulator, { NODE_OPTIONS: `--require ${hook}`, BENCH_PROFILE_DIR: dir });
        const result = project.check(
          command === "up" ? await project.up(tickets, env) : await project.destroy(env),
          `${command} (profiled)`,
        );
        const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
        if (files.length !== 1) throw new Error(`expected one provider profile for ${contender} ${command}, found ${files.length}`);
        const summary = summarizeProfile(join(dir, files[0]));
        report.profiles.push({ contender, command, seconds: result.seconds, summary });
        log(
          `  ${contender} ${command} of ${tickets}: ${result.seconds.toFixed(1)} s; provider busy ${summary.busyMs.toFixed(0)} ms of ${summary.wallMs.toFixed(0)} ms`,
        );
      }
    }
    const timings = await runCommand(
      process.execPath,
      [join(__dirname, "per-call-timings.js"), projects[0].dir, join(options.repoRoot, "bench", "bare-provider.js")],
      { cwd: projects[0].dir, env: { ...process.env, ...clerkEnv(emulator) } },
    );
    if (timings.code !== 0) throw new Error(`per-call timings failed: ${timings.stderr.slice(-2000)}`);
    report.perCall = JSON.parse(timings.stdout) as ProfileReport["perCall"];
  } finally {
    for (const project of projects) project.remove();
    rmSync(profileRoot, { recursive: true, force: true });
    await emulator.stop();
  }
  printProfileReport(report, log);
  return report;
}

function table(entries: TimeEntry[], perTicket: number, limit: number, log: (line: string) => void): void {
  for (const e of entries.slice(0, limit)) {
    log(`    ${e.ms.toFixed(1).padStart(8)} ms  ${(e.ms / perTicket).toFixed(3).padStart(7)} ms/ticket  ${e.name}`);
  }
}

export function printProfileReport(report: ProfileReport, log: (line: string) => void): void {
  const n = report.tickets;
  for (const p of report.profiles) {
    const s = p.summary;
    log(`\n## ${p.contender} — pulumi ${p.command} of ${n} tickets (${p.seconds.toFixed(1)} s)`);
    log(`  provider process: ${s.wallMs.toFixed(0)} ms profiled, ${s.busyMs.toFixed(0)} ms busy = ${(s.busyMs / n).toFixed(2)} ms/ticket`);
    log("  self time by area:");
    table(s.selfByArea, n, 12, log);
    if (p.contender !== "package") continue;
    log("  self time, top functions:");
    table(s.selfByFunction, n, 15, log);
    log("  inclusive time of concerns:");
    table(
      s.concerns.filter((c) => c.ms > 0),
      n,
      20,
      log,
    );
    log("  module loading, by the file that called require:");
    table(s.loadingByRequirer, n, 8, log);
    log("  inclusive time of the package's functions:");
    table(s.packageInclusive, n, 15, log);
  }
  log(`\n## per call, outside the engine (fresh process; first call, then mean)`);
  for (const [name, t] of Object.entries(report.perCall)) {
    log(
      `    ${name.padEnd(46)} first ${t.firstMs.toFixed(3).padStart(9)} ms${t.calls > 0 ? `   then ${t.meanMs.toFixed(4).padStart(9)} ms (×${t.calls})` : ""}`,
    );
  }
}
