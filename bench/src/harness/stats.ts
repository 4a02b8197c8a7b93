/** Median and range of a set of samples, as every table reports them. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

/** The value below which `p` percent of the samples fall (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

/** The middle value (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median, min and max of `samples`, keeping the samples (rounded) for the JSON results. */
export function summarize(samples: readonly number[], digits = 4): Summary {
  const round = (value: number): number => Number(value.toFixed(digits));
  return {
    median: round(median(samples)),
    min: round(Math.min(...samples)),
    max: round(Math.max(...samples)),
    samples: samples.map(round),
  };
}

/** `median (min-max)` with a fixed number of decimals. */
export function formatSummary(summary: Summary, decimals = 0): string {
  const f = (value: number): string => value.toFixed(decimals);
  return `${f(summary.median)} (${f(summary.min)}-${f(summary.max)})`;
}
