import type { ColdStartRow } from "./cold-start";
import type { CycleSample, CycleSamples } from "./deploy-cycles";
import { floorSeconds, RATE_CONTENDERS, type RateSample } from "./rate-limit";
import { formatSummary, type Summary, summarize } from "./stats";

/* From raw samples to the summaries kept in the results' JSON and the tables printed for the README. */

type PerVariant<T> = Record<string, T>;

export interface SizeRow {
  n: number;
  /** The variants measured, in the order they took turns (`package`, `bare`, `plugin`, …). */
  variants: string[];
  upSeconds: PerVariant<Summary>;
  destroySeconds: PerVariant<Summary>;
  /** Ratios of medians, package / bare (NaN when either is missing). */
  upRatio: number;
  destroyRatio: number;
  /** Ratios of medians for every pair that was measured: "package / bare", "plugin / package", "plugin / bare". */
  ratios: Record<string, Ratios>;
  exportBytesPerTicket: PerVariant<Summary>;
  checkpointBytesPerTicket: PerVariant<Summary>;
  checkpointBytes: PerVariant<Summary>;
  upProviderPeakMiB: PerVariant<Summary>;
  destroyProviderPeakMiB: PerVariant<Summary>;
  upCliPeakMiB: PerVariant<Summary>;
  destroyCliPeakMiB: PerVariant<Summary>;
  upCpuSeconds: PerVariant<{ cli: Summary; provider: Summary; program: Summary }>;
  destroyCpuSeconds: PerVariant<{ cli: Summary; provider: Summary; program: Summary }>;
  upCheckpointWrites: PerVariant<Summary>;
  /** Bytes the file backend wrote as checkpoints (and their backups) during up. */
  upCheckpointBytesWritten: PerVariant<Summary>;
  destroyCheckpointWrites: PerVariant<Summary>;
  destroyCheckpointBytesWritten: PerVariant<Summary>;
}

export interface Ratios {
  up: number;
  destroy: number;
  checkpointBytes: number;
  exportBytes: number;
  upProviderPeak: number;
  destroyProviderPeak: number;
  upCliPeak: number;
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

/** The pairs whose ratios are reported, numerator first, when both were measured. */
export const RATIO_PAIRS: ReadonlyArray<[string, string]> = [
  ["package", "bare"],
  ["plugin", "package"],
  ["plugin", "bare"],
];

export function sizeRows(samples: CycleSamples, sizes: number[]): SizeRow[] {
  const variants = Object.keys(samples);
  return sizes.map((n) => {
    const of = <T>(pick: (v: string) => T): PerVariant<T> => Object.fromEntries(variants.map((v) => [v, pick(v)]));
    const field = (v: string, f: (s: CycleSample) => number | undefined): Summary =>
      summarize((samples[v][n] ?? []).map(f).filter((x): x is number => x !== undefined));
    const upSeconds = of((v) => field(v, (s) => s.upSeconds));
    const destroySeconds = of((v) => field(v, (s) => s.destroySeconds));
    const exportBytesPerTicket = of((v) => field(v, (s) => s.exportBytes / n));
    const checkpointBytesPerTicket = of((v) => field(v, (s) => s.checkpointBytes / n));
    const upProviderPeakMiB = of((v) => field(v, (s) => s.upProviderPeakMiB));
    const destroyProviderPeakMiB = of((v) => field(v, (s) => s.destroyProviderPeakMiB));
    const upCliPeakMiB = of((v) => field(v, (s) => s.upCliPeakMiB));
    const ratio = (m: PerVariant<Summary>, a: string, b: string): number => (m[a] && m[b] ? m[a].median / m[b].median : NaN);
    const ratios: Record<string, Ratios> = {};
    for (const [a, b] of RATIO_PAIRS) {
      if (!variants.includes(a) || !variants.includes(b)) continue;
      ratios[`${a} / ${b}`] = {
        up: ratio(upSeconds, a, b),
        destroy: ratio(destroySeconds, a, b),
        checkpointBytes: ratio(checkpointBytesPerTicket, a, b),
        exportBytes: ratio(exportBytesPerTicket, a, b),
        upProviderPeak: ratio(upProviderPeakMiB, a, b),
        destroyProviderPeak: ratio(destroyProviderPeakMiB, a, b),
        upCliPeak: ratio(upCliPeakMiB, a, b),
      };
    }
    const cpuOf = (v: string, pick: (s: CycleSample) => CycleSample["upCpu"]) => ({
      cli: field(v, (s) => pick(s)?.cli),
      provider: field(v, (s) => pick(s)?.provider),
      program: field(v, (s) => pick(s)?.program),
    });
    return {
      n,
      variants,
      upSeconds,
      destroySeconds,
      upRatio: ratio(upSeconds, "package", "bare"),
      destroyRatio: ratio(destroySeconds, "package", "bare"),
      ratios,
      exportBytesPerTicket,
      checkpointBytesPerTicket,
      checkpointBytes: of((v) => field(v, (s) => s.checkpointBytes)),
      upProviderPeakMiB,
      destroyProviderPeakMiB,
      upCliPeakMiB,
      destroyCliPeakMiB: of((v) => field(v, (s) => s.destroyCliPeakMiB)),
      upCpuSeconds: of((v) => cpuOf(v, (s) => s.upCpu)),
      destroyCpuSeconds: of((v) => cpuOf(v, (s) => s.destroyCpu)),
      upCheckpointWrites: of((v) => field(v, (s) => s.upCheckpoints?.writes)),
      upCheckpointBytesWritten: of((v) => field(v, (s) => s.upCheckpoints?.bytesWritten)),
      destroyCheckpointWrites: of((v) => field(v, (s) => s.destroyCheckpoints?.writes)),
      destroyCheckpointBytesWritten: of((v) => field(v, (s) => s.destroyCheckpoints?.bytesWritten)),
    };
  });
}

export function rateRows(samples: Record<string, RateSample[]>, tickets: number): RateRow[] {
  return RATE_CONTENDERS.filter(({ name }) => samples[name]).map(({ name }) => {
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

const x = (r: number | undefined): string => (r !== undefined && Number.isFinite(r) ? `${r.toFixed(2)}×` : "–");
const f = (s: Summary | undefined, digits = 1): string => (s ? formatSummary(s, digits) : "–");
/** A summary's values scaled (bytes to KB, seconds to ms per ticket…). */
const scaled = (s: Summary | undefined, by: number): Summary | undefined =>
  s && { median: s.median * by, min: s.min * by, max: s.max * by, samples: s.samples.map((v) => v * by) };

/** One markdown table: the header, its alignment row, the rows. `textColumns` are left-aligned, the rest right. */
function table(header: string[], rows: string[][], textColumns: number[] = []): string[] {
  const align = header.map((_, i) => (textColumns.includes(i) ? "---" : "---:"));
  return [`| ${header.join(" | ")} |`, `|${align.join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

/** Markdown the README can take: medians with (min–max); ratios of medians. */
export function markdownTables(rows: SizeRow[], rate: RateRow[] | undefined, p3Tickets: number, coldStarts: ColdStartRow[] = []): string {
  const variants = rows[0]?.variants ?? [];
  const pairs = Object.keys(rows[0]?.ratios ?? {});
  const name = (v: string) => v;
  const lines: string[] = [];
  for (const [command, pick, ratioOf] of [
    ["up", (r: SizeRow) => r.upSeconds, (q: Ratios) => q.up],
    ["destroy", (r: SizeRow) => r.destroySeconds, (q: Ratios) => q.destroy],
  ] as const) {
    lines.push(`**P1 — seconds of \`pulumi ${command}\` of N tickets (median (min–max); ratios of medians)**`, "");
    lines.push(
      ...table(
        ["N", ...variants.map(name), ...pairs],
        rows.map((r) => [String(r.n), ...variants.map((v) => f(pick(r)[v])), ...pairs.map((p) => x(ratioOf(r.ratios[p])))]),
      ),
      "",
    );
  }
  lines.push("**P2 — state bytes per ticket after `up`: checkpoint file of the file backend / `pulumi stack export`**", "");
  lines.push(
    ...table(
      [
        "N",
        ...variants.map((v) => `${name(v)}: checkpoint`),
        ...variants.map((v) => `${name(v)}: export`),
        ...pairs.map((p) => `${p} (checkpoint)`),
      ],
      rows.map((r) => [
        String(r.n),
        ...variants.map((v) => f(r.checkpointBytesPerTicket[v], 0)),
        ...variants.map((v) => f(r.exportBytesPerTicket[v], 0)),
        ...pairs.map((p) => x(r.ratios[p].checkpointBytes)),
      ]),
    ),
  );
  if (rate && rate.length > 0) {
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
  lines.push("", "**P4 — peak RSS (VmHWM) of the provider process, MiB (dynamic-provider process, or pulumi-resource-clerk)**", "");
  lines.push(
    ...table(
      ["N", ...variants.map((v) => `up: ${name(v)}`), ...variants.map((v) => `destroy: ${name(v)}`), ...pairs.map((p) => `${p} (up)`)],
      rows.map((r) => [
        String(r.n),
        ...variants.map((v) => f(r.upProviderPeakMiB[v], 0)),
        ...variants.map((v) => f(r.destroyProviderPeakMiB[v], 0)),
        ...pairs.map((p) => x(r.ratios[p].upProviderPeak)),
      ]),
    ),
  );
  lines.push("", "**Peak RSS (VmHWM) of the `pulumi` CLI process, MiB**", "");
  lines.push(
    ...table(
      ["N", ...variants.map((v) => `up: ${name(v)}`), ...variants.map((v) => `destroy: ${name(v)}`)],
      rows.map((r) => [String(r.n), ...variants.map((v) => f(r.upCliPeakMiB[v], 0)), ...variants.map((v) => f(r.destroyCliPeakMiB[v], 0))]),
    ),
  );
  if (coldStarts.length > 0) {
    lines.push("", "**Cold start of a provider process: spawn to its port line, ms (median (min–max)); its peak RSS then, MiB**", "");
    lines.push(
      ...table(
        ["provider process", "ms", "MiB"],
        coldStarts.map((c) => [c.name, f(scaled(c.seconds, 1000), 0), f(c.peakMiB, 0)]),
        [0],
      ),
    );
  }
  return lines.join("\n");
}

/**
 * The scale runs' tables: per size and variant, the time of up and destroy and per ticket,
 * what one more ticket costs between sizes, the state, peak memory; then where the time
 * goes: checkpoint writes, CPU seconds per process, and what skipping the intermediate
 * checkpoints saves.
 */
export function scaleTables(rows: SizeRow[], skipSuffix = ""): string {
  const variants = rows[0]?.variants ?? [];
  const name = (v: string) => (skipSuffix && v.endsWith(skipSuffix) ? `${v.slice(0, -skipSuffix.length)}, skip checkpoints` : v);
  const lines: string[] = [];
  const perTicketMs = (s: Summary | undefined, n: number) => f(scaled(s, 1000 / n), 1);
  const marginal = (v: string, i: number, pick: (r: SizeRow) => PerVariant<Summary>): string => {
    if (i === 0) return "–";
    const [a, b] = [rows[i - 1], rows[i]];
    const ms = ((pick(b)[v]?.median - pick(a)[v]?.median) * 1000) / (b.n - a.n);
    return Number.isFinite(ms) ? ms.toFixed(1) : "–";
  };
  lines.push(
    "**Scale — `pulumi up` and `pulumi destroy` of N tickets: seconds, ms per ticket, ms per added ticket (from the size before)**",
    "",
  );
  lines.push(
    ...table(
      ["N", "variant", "up s", "up ms/ticket", "up ms/added ticket", "destroy s", "destroy ms/ticket", "destroy ms/added ticket"],
      rows.flatMap((r, i) =>
        variants.map((v) => [
          String(r.n),
          name(v),
          f(r.upSeconds[v]),
          perTicketMs(r.upSeconds[v], r.n),
          marginal(v, i, (q) => q.upSeconds),
          f(r.destroySeconds[v]),
          perTicketMs(r.destroySeconds[v], r.n),
          marginal(v, i, (q) => q.destroySeconds),
        ]),
      ),
      [1],
    ),
  );
  lines.push("", "**Scale — state after up, and peak RSS (VmHWM) of the `pulumi` CLI and the provider process, MiB**", "");
  lines.push(
    ...table(
      [
        "N",
        "variant",
        "checkpoint file, KB",
        "per ticket, B",
        "export per ticket, B",
        "CLI peak, up",
        "CLI peak, destroy",
        "provider peak, up",
        "provider peak, destroy",
      ],
      rows.flatMap((r) =>
        variants.map((v) => [
          String(r.n),
          name(v),
          f(scaled(r.checkpointBytes[v], 1 / 1000), 0),
          f(r.checkpointBytesPerTicket[v], 0),
          f(r.exportBytesPerTicket[v], 0),
          f(r.upCliPeakMiB[v], 0),
          f(r.destroyCliPeakMiB[v], 0),
          f(r.upProviderPeakMiB[v], 0),
          f(r.destroyProviderPeakMiB[v], 0),
        ]),
      ),
      [1],
    ),
  );
  lines.push(
    "",
    "**Scale — where the time goes in `pulumi up`: checkpoint writes of the file backend (and MB written, backups included), CPU seconds per process**",
    "",
  );
  lines.push(
    ...table(
      [
        "N",
        "variant",
        "up s",
        "checkpoint writes",
        "MB written",
        "CPU s: CLI",
        "CPU s: provider",
        "CPU s: program",
        "destroy: writes",
        "destroy: MB",
        "destroy CPU s: CLI",
      ],
      rows.flatMap((r) =>
        variants.map((v) => [
          String(r.n),
          name(v),
          f(r.upSeconds[v]),
          f(r.upCheckpointWrites[v], 0),
          f(scaled(r.upCheckpointBytesWritten[v], 1e-6), 1),
          f(r.upCpuSeconds[v]?.cli),
          f(r.upCpuSeconds[v]?.provider),
          f(r.upCpuSeconds[v]?.program),
          f(r.destroyCheckpointWrites[v], 0),
          f(scaled(r.destroyCheckpointBytesWritten[v], 1e-6), 1),
          f(r.destroyCpuSeconds[v]?.cli),
        ]),
      ),
      [1],
    ),
  );
  const skipped = variants.filter((v) => skipSuffix && v.endsWith(skipSuffix) && variants.includes(v.slice(0, -skipSuffix.length)));
  if (skipped.length > 0) {
    lines.push(
      "",
      `**Scale — what the intermediate checkpoints cost: the same run with PULUMI_SKIP_CHECKPOINTS=true (one write, at the end)**`,
      "",
    );
    lines.push(
      ...table(
        ["N", "contender", "up s", "up s, skipped", "saved s", "saved %", "CLI CPU s saved", "destroy s", "destroy s, skipped", "saved s"],
        rows.flatMap((r) =>
          skipped.map((s) => {
            const v = s.slice(0, -skipSuffix.length);
            const saved = (a: Summary | undefined, b: Summary | undefined) => (a && b ? a.median - b.median : NaN);
            const upSaved = saved(r.upSeconds[v], r.upSeconds[s]);
            const cliSaved = saved(r.upCpuSeconds[v]?.cli, r.upCpuSeconds[s]?.cli);
            return [
              String(r.n),
              name(v),
              f(r.upSeconds[v]),
              f(r.upSeconds[s]),
              Number.isFinite(upSaved) ? upSaved.toFixed(1) : "–",
              Number.isFinite(upSaved) ? `${((upSaved / r.upSeconds[v].median) * 100).toFixed(0)} %` : "–",
              Number.isFinite(cliSaved) ? cliSaved.toFixed(1) : "–",
              f(r.destroySeconds[v]),
              f(r.destroySeconds[s]),
              saved(r.destroySeconds[v], r.destroySeconds[s]).toFixed(1),
            ];
          }),
        ),
        [1],
      ),
    );
  }
  return lines.join("\n");
}
