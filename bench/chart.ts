import type { Contender } from "./cli-driver";
import type { SizeRow } from "./report";
import type { Summary } from "./stats";

/*
 * The charts in bench/results/, written by hand (no dependency). latest.svg: left, P1
 * seconds against N (up solid, destroy dashed); right, P2 state bytes per ticket against N
 * (checkpoint file solid, `stack export` dashed). scale.svg: left `pulumi up`, right
 * `pulumi destroy`, seconds against N (as is solid, with PULUMI_SKIP_CHECKPOINTS dashed).
 * One colour per contender; dots are medians, bars span min–max; legends under the panels.
 */

const COLORS: Record<Contender, string> = { package: "#1f77b4", bare: "#d62728", plugin: "#2ca02c" };
const W = 980;
const PANEL = { width: 400, height: 300, top: 60 };
const LEFTS = [80, 560];
const LEGEND_LINE = 18;

interface Series {
  color: string;
  dashed: boolean;
  label: string;
  points: Array<{ n: number; s: Summary }>;
}

/** The contender a variant key names ("plugin" for "plugin, PULUMI_SKIP_CHECKPOINTS"). */
function colorOf(variant: string): string {
  const contender = (Object.keys(COLORS) as Contender[]).find(
    (c) => variant === c || variant.startsWith(`${c},`) || variant.startsWith(`${c} `),
  );
  return contender ? COLORS[contender] : "#7f7f7f";
}

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A "nice" upper bound and tick step for an axis from 0 to max. */
function niceAxis(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.2 };
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  // 10 × magnitude ≥ raw always holds: the last step is the fallback.
  const step = [1, 2, 2.5, 5].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return { top: Math.ceil(max / step) * step, step };
}

function tickLabel(value: number): string {
  if (value >= 10_000) return `${(value / 1000).toFixed(0)}k`;
  if (value >= 1000) return `${(value / 1000).toFixed(1)}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function panel(left: number, title: string, yLabel: string, series: Series[], sizes: number[]): string {
  const { width, height, top } = PANEL;
  const maxN = Math.max(...sizes);
  const xMax = maxN * 1.05;
  const yAxis = niceAxis(Math.max(...series.flatMap((s) => s.points.map((p) => p.s.max)).filter(Number.isFinite)));
  const px = (n: number) => left + (n / xMax) * width;
  const py = (v: number) => top + height - (v / yAxis.top) * height;
  const out: string[] = [];
  out.push(`<text x="${left + width / 2}" y="${top - 22}" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`);
  for (let v = 0; v <= yAxis.top + 1e-9; v += yAxis.step) {
    out.push(`<line x1="${left}" x2="${left + width}" y1="${py(v)}" y2="${py(v)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${left - 8}" y="${py(v) + 4}" text-anchor="end" font-size="11">${tickLabel(v)}</text>`);
  }
  for (const n of sizes) {
    out.push(`<line x1="${px(n)}" x2="${px(n)}" y1="${top + height}" y2="${top + height + 5}" stroke="#333"/>`);
    out.push(`<text x="${px(n)}" y="${top + height + 18}" text-anchor="middle" font-size="11">${n}</text>`);
  }
  out.push(`<line x1="${left}" x2="${left + width}" y1="${top + height}" y2="${top + height}" stroke="#333"/>`);
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + height}" stroke="#333"/>`);
  out.push(`<text x="${left + width / 2}" y="${top + height + 38}" text-anchor="middle" font-size="12">N (tickets in the stack)</text>`);
  out.push(
    `<text transform="translate(${left - 52} ${top + height / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(yLabel)}</text>`,
  );
  for (const s of series) {
    const color = s.color;
    const points = s.points.filter((p) => Number.isFinite(p.s.median));
    if (points.length > 1) {
      const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${px(p.n).toFixed(1)},${py(p.s.median).toFixed(1)}`).join(" ");
      out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
    }
    for (const p of points) {
      const cx = px(p.n).toFixed(1);
      out.push(
        `<line x1="${cx}" x2="${cx}" y1="${py(p.s.min).toFixed(1)}" y2="${py(p.s.max).toFixed(1)}" stroke="${color}" stroke-width="1.5"/>`,
      );
      out.push(
        `<circle cx="${cx}" cy="${py(p.s.median).toFixed(1)}" r="3.5" fill="${s.dashed ? "white" : color}" stroke="${color}" stroke-width="1.5">` +
          `<title>${esc(`${s.label}, N=${p.n}: ${p.s.median.toFixed(1)} (${p.s.min.toFixed(1)}–${p.s.max.toFixed(1)})`)}</title></circle>`,
      );
    }
  }
  // Legend under the panel, where no data can run into it.
  const legendTop = top + height + 62;
  series.forEach((s, i) => {
    const y = legendTop + i * LEGEND_LINE;
    out.push(
      `<line x1="${left}" x2="${left + 28}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
    );
    out.push(`<text x="${left + 34}" y="${y + 4}" font-size="11">${esc(s.label)}</text>`);
  });
  return out.join("\n");
}

function svg(panels: string[], legendLines: number, caption: string): string {
  const height = PANEL.top + PANEL.height + 62 + legendLines * LEGEND_LINE + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="${W}" height="${height}" fill="white"/>`,
    ...panels,
    `<text x="${W / 2}" y="${height - 12}" text-anchor="middle" font-size="11" fill="#555">${esc(caption)}</text>`,
    `</svg>`,
    ``,
  ].join("\n");
}

/** latest.svg: P1 and P2 of every variant measured. */
export function chartSvg(rows: SizeRow[], caption: string, labels: Record<string, string> = {}): string {
  const sizes = rows.map((r) => r.n);
  const variants = rows[0]?.variants ?? [];
  const series = (label: string, dashed: boolean, pick: (r: SizeRow) => Record<string, Summary>): Series[] =>
    variants.map((v) => ({
      color: colorOf(v),
      dashed,
      label: `${labels[v] ?? v}: ${label}`,
      points: rows.map((r) => ({ n: r.n, s: pick(r)[v] })),
    }));
  const seconds = [...series("up", false, (r) => r.upSeconds), ...series("destroy", true, (r) => r.destroySeconds)];
  const bytes = [
    ...series("checkpoint file", false, (r) => r.checkpointBytesPerTicket),
    ...series("stack export", true, (r) => r.exportBytesPerTicket),
  ];
  return svg(
    [
      panel(LEFTS[0], "P1: pulumi up / destroy of N tickets", "seconds (median, bar = min–max)", seconds, sizes),
      panel(LEFTS[1], "P2: state bytes per ticket after up", "bytes / ticket (median, bar = min–max)", bytes, sizes),
    ],
    Math.max(seconds.length, bytes.length),
    caption,
  );
}

/**
 * scale.svg: seconds of up (left) and destroy (right) against N, each variant a line;
 * variants whose key ends in `dashedSuffix` (the PULUMI_SKIP_CHECKPOINTS runs) dashed.
 */
export function scaleChartSvg(rows: SizeRow[], caption: string, labels: Record<string, string> = {}, dashedSuffix = ""): string {
  const sizes = rows.map((r) => r.n);
  const variants = rows[0]?.variants ?? [];
  const series = (pick: (r: SizeRow) => Record<string, Summary>): Series[] =>
    variants.map((v) => ({
      color: colorOf(v),
      dashed: dashedSuffix !== "" && v.endsWith(dashedSuffix),
      label: labels[v] ?? v,
      points: rows.map((r) => ({ n: r.n, s: pick(r)[v] })),
    }));
  return svg(
    [
      panel(
        LEFTS[0],
        "pulumi up of N tickets",
        "seconds (median, bar = min–max)",
        series((r) => r.upSeconds),
        sizes,
      ),
      panel(
        LEFTS[1],
        "pulumi destroy of N tickets",
        "seconds (median, bar = min–max)",
        series((r) => r.destroySeconds),
        sizes,
      ),
    ],
    variants.length,
    caption,
  );
}
