/**
 * Response times as a histogram over fixed, log-scale buckets: what the rollups keep instead of
 * every check's time. Fixed bounds make merging plain addition (a day is the sum of its hours), and
 * a percentile of any span is read off the merged counts.
 *
 * Upper bounds in ms, each about 1.6 times the one before, from 1 ms to 60 s: bucket i holds the
 * times above bound i-1 up to bound i; the first holds 0 to 1 ms, the last everything above 30 s
 * (60 s is only where interpolation stops). A percentile falls inside a bucket and is interpolated
 * there, so it may be off by up to the bucket's width: about ±25% at worst, far less in practice.
 */
export const LATENCY_BOUNDS_MS = [
  1, 2, 3, 5, 8, 13, 20, 30, 50, 80, 130, 200, 300, 500, 800, 1_300, 2_000, 3_000, 5_000, 8_000, 13_000, 20_000, 30_000, 60_000,
] as const;

export const HISTOGRAM_BUCKETS = LATENCY_BOUNDS_MS.length;

/** The histogram's columns in check_rollups, h0 … h23. */
export const HISTOGRAM_COLUMNS = LATENCY_BOUNDS_MS.map((_, i) => `h${i}` as const);
export type HistogramColumn = (typeof HISTOGRAM_COLUMNS)[number];

/**
 * The bucket a time falls in.
 * @example histogramBucketOf(47.3) // 8 (30 < 47.3 <= 50)
 */
export function histogramBucketOf(ms: number): number {
  const i = LATENCY_BOUNDS_MS.findIndex((bound) => ms <= bound);
  return i === -1 ? HISTOGRAM_BUCKETS - 1 : i;
}

/** A histogram with every count zero. */
export function emptyHistogram(): number[] {
  return new Array<number>(HISTOGRAM_BUCKETS).fill(0);
}

/**
 * The time below which a share `q` (0 to 1) of the counted checks fall, interpolated inside its
 * bucket, to 0.1 ms; null when nothing was counted.
 * @example latencyPercentile([0, 0, 0, 0, 0, 0, 0, 0, 10, ...zeros], 0.5) // 40 (midway through 30-50 ms)
 */
export function latencyPercentile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i]!;
    if (n > 0 && below + n >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!;
      const upper = LATENCY_BOUNDS_MS[i]!;
      return Math.round((lower + ((upper - lower) * (rank - below)) / n) * 10) / 10;
    }
    below += n;
  }
  return LATENCY_BOUNDS_MS[HISTOGRAM_BUCKETS - 1]!;
}
