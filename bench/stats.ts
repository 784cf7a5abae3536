/** Median with min and max: what the bench prints for a set of samples. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export function summarize(samples: number[]): Summary {
  if (samples.length === 0) return { median: NaN, min: NaN, max: NaN, samples };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], samples };
}

/** "12.3 (11.9–13.0)", or just "12.3" for a single sample. */
export function formatSummary(s: Summary, digits = 1): string {
  if (s.samples.length === 0) return "–";
  const f = (n: number) => n.toFixed(digits);
  return s.samples.length === 1 || s.min === s.max ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}

/** Ratio of two medians, e.g. package / bare. */
export function ratio(a: Summary, b: Summary): number {
  return a.median / b.median;
}
