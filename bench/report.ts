import type { Contender } from "./cli-driver";
import type { CycleSamples } from "./deploy-cycles";
import { floorSeconds, RATE_CONTENDERS, type RateSample } from "./rate-limit";
import { formatSummary, type Summary, summarize } from "./stats";

/* From raw samples to the summaries kept in latest.json and the tables printed for the README. */

type PerContender<T> = Record<Contender, T>;

export interface SizeRow {
  n: number;
  upSeconds: PerContender<Summary>;
  destroySeconds: PerContender<Summary>;
  /** Ratios of medians, package / bare. */
  upRatio: number;
  destroyRatio: number;
  exportBytesPerTicket: PerContender<Summary>;
  checkpointBytesPerTicket: PerContender<Summary>;
  upProviderPeakMiB: PerContender<Summary>;
  destroyProviderPeakMiB: PerContender<Summary>;
}

export interface RateRow {
  name: string;
  seconds: Summary;
  /** Median wall time of up / the floor the limit sets. */
  overFloor: number;
  rateLimited: Summary;
  failures: Summary;
  requestSpanSeconds: Summary;
  exitCodes: number[];
}

export function sizeRows(samples: CycleSamples, sizes: number[]): SizeRow[] {
  return sizes.map((n) => {
    const of = <T>(pick: (c: Contender) => T): PerContender<T> => ({ package: pick("package"), bare: pick("bare") });
    const field = (c: Contender, f: (s: CycleSamples["package"][number][number]) => number | undefined): Summary =>
      summarize((samples[c][n] ?? []).map(f).filter((v): v is number => v !== undefined));
    const upSeconds = of((c) => field(c, (s) => s.upSeconds));
    const destroySeconds = of((c) => field(c, (s) => s.destroySeconds));
    return {
      n,
      upSeconds,
      destroySeconds,
      upRatio: upSeconds.package.median / upSeconds.bare.median,
      destroyRatio: destroySeconds.package.median / destroySeconds.bare.median,
      exportBytesPerTicket: of((c) => field(c, (s) => s.exportBytes / n)),
      checkpointBytesPerTicket: of((c) => field(c, (s) => s.checkpointBytes / n)),
      upProviderPeakMiB: of((c) => field(c, (s) => s.upProviderPeakMiB)),
      destroyProviderPeakMiB: of((c) => field(c, (s) => s.destroyProviderPeakMiB)),
    };
  });
}

export function rateRows(samples: Record<string, RateSample[]>, tickets: number): RateRow[] {
  return RATE_CONTENDERS.map(({ name }) => {
    const list = samples[name] ?? [];
    const seconds = summarize(list.map((s) => s.seconds));
    return {
      name,
      seconds,
      overFloor: seconds.median / floorSeconds(tickets),
      rateLimited: summarize(list.map((s) => s.rateLimited)),
      failures: summarize(list.map((s) => s.failures)),
      requestSpanSeconds: summarize(list.map((s) => s.requestSpanSeconds)),
      exitCodes: list.map((s) => s.exitCode),
    };
  });
}

const x = (r: number): string => (Number.isFinite(r) ? `${r.toFixed(2)}×` : "–");

/** Markdown the README can take: medians with (min–max). */
export function markdownTables(rows: SizeRow[], rate: RateRow[] | undefined, p3Tickets: number): string {
  const lines: string[] = [];
  lines.push("**P1 — seconds, `pulumi up` / `pulumi destroy` of N tickets (median (min–max); ratio = package / bare)**", "");
  lines.push("| N | up: package | up: bare | up ratio | destroy: package | destroy: bare | destroy ratio |");
  lines.push("|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    lines.push(
      `| ${r.n} | ${formatSummary(r.upSeconds.package)} | ${formatSummary(r.upSeconds.bare)} | ${x(r.upRatio)} | ` +
        `${formatSummary(r.destroySeconds.package)} | ${formatSummary(r.destroySeconds.bare)} | ${x(r.destroyRatio)} |`,
    );
  }
  lines.push("", "**P2 — state bytes per ticket after `up` (`pulumi stack export` / checkpoint file of the file backend)**", "");
  lines.push("| N | export: package | export: bare | checkpoint: package | checkpoint: bare | checkpoint ratio |");
  lines.push("|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const b = r.checkpointBytesPerTicket;
    lines.push(
      `| ${r.n} | ${formatSummary(r.exportBytesPerTicket.package, 0)} | ${formatSummary(r.exportBytesPerTicket.bare, 0)} | ` +
        `${formatSummary(b.package, 0)} | ${formatSummary(b.bare, 0)} | ${x(b.package.median / b.bare.median)} |`,
    );
  }
  if (rate) {
    const floor = floorSeconds(p3Tickets);
    lines.push(
      "",
      `**P3 — \`pulumi up\` of ${p3Tickets} tickets under a development instance's limit (100 requests / 10 s; floor ${floor} s)**`,
      "",
    );
    lines.push("| contender | up seconds | × floor | 429s | failed tickets | requests spanned (s) | exit codes |");
    lines.push("|---|---:|---:|---:|---:|---:|---|");
    for (const r of rate) {
      lines.push(
        `| ${r.name} | ${formatSummary(r.seconds)} | ${floor > 0 ? x(r.overFloor) : "–"} | ${formatSummary(r.rateLimited, 0)} | ` +
          `${formatSummary(r.failures, 0)} | ${formatSummary(r.requestSpanSeconds)} | ${r.exitCodes.join(", ")} |`,
      );
    }
  }
  lines.push("", "**P4 — peak RSS (VmHWM) of the dynamic-provider process, MiB**", "");
  lines.push("| N | up: package | up: bare | destroy: package | destroy: bare |");
  lines.push("|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    lines.push(
      `| ${r.n} | ${formatSummary(r.upProviderPeakMiB.package, 0)} | ${formatSummary(r.upProviderPeakMiB.bare, 0)} | ` +
        `${formatSummary(r.destroyProviderPeakMiB.package, 0)} | ${formatSummary(r.destroyProviderPeakMiB.bare, 0)} |`,
    );
  }
  return lines.join("\n");
}
