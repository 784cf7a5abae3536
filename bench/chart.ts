import type { Contender } from "./cli-driver";
import type { SizeRow } from "./report";
import type { Summary } from "./stats";

/*
 * bench/results/latest.svg, written by hand (no dependency): left, P1 seconds against N
 * (up solid, destroy dashed); right, P2 state bytes per ticket against N (checkpoint file
 * solid, `stack export` dashed). Dots are medians, bars span min–max.
 */

const COLORS: Record<Contender, string> = { package: "#1f77b4", bare: "#d62728" };
const W = 980;
const H = 440;
const PANEL = { width: 400, height: 300, top: 60 };
const LEFTS = [80, 560];

interface Series {
  contender: Contender;
  dashed: boolean;
  label: string;
  points: Array<{ n: number; s: Summary }>;
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

function panel(
  left: number,
  title: string,
  yLabel: string,
  series: Series[],
  sizes: number[],
  legend: "top-left" | "bottom-right",
): string {
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
    const color = COLORS[s.contender];
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
  // Legend inside the panel, in the corner the data leave empty.
  const legendLeft = legend === "top-left" ? left + 12 : left + width - 210;
  const legendTop = legend === "top-left" ? top + 14 : top + height - 14 - (series.length - 1) * 18;
  series.forEach((s, i) => {
    const y = legendTop + i * 18;
    out.push(
      `<line x1="${legendLeft}" x2="${legendLeft + 28}" y1="${y}" y2="${y}" stroke="${COLORS[s.contender]}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
    );
    out.push(`<text x="${legendLeft + 34}" y="${y + 4}" font-size="11">${esc(s.label)}</text>`);
  });
  return out.join("\n");
}

export function chartSvg(rows: SizeRow[], caption: string): string {
  const sizes = rows.map((r) => r.n);
  const series = (label: string, dashed: boolean, pick: (r: SizeRow) => Record<Contender, Summary>): Series[] =>
    (["package", "bare"] as const).map((contender) => ({
      contender,
      dashed,
      label: `${contender === "package" ? "package" : "bare provider"}: ${label}`,
      points: rows.map((r) => ({ n: r.n, s: pick(r)[contender] })),
    }));
  const seconds = [...series("up", false, (r) => r.upSeconds), ...series("destroy", true, (r) => r.destroySeconds)];
  const bytes = [
    ...series("checkpoint file", false, (r) => r.checkpointBytesPerTicket),
    ...series("stack export", true, (r) => r.exportBytesPerTicket),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    panel(LEFTS[0], "P1: pulumi up / destroy of N tickets", "seconds (median, bar = min–max)", seconds, sizes, "top-left"),
    panel(LEFTS[1], "P2: state bytes per ticket after up", "bytes / ticket (median, bar = min–max)", bytes, sizes, "bottom-right"),
    `<text x="${W / 2}" y="${H - 12}" text-anchor="middle" font-size="11" fill="#555">${esc(caption)}</text>`,
    `</svg>`,
    ``,
  ].join("\n");
}
