import type { HistogramBucket } from './prometheus-text';

/**
 * Bucket counts observed between two scrapes of the same cumulative histogram: the window's own
 * histogram. Buckets are matched by upper bound; a bound missing from `before` counts from 0.
 */
export function bucketDelta(
  before: readonly HistogramBucket[],
  after: readonly HistogramBucket[],
): HistogramBucket[] {
  const start = new Map(before.map((b) => [b.le, b.count]));
  return after.map((b) => ({ le: b.le, count: Math.max(0, b.count - (start.get(b.le) ?? 0)) }));
}

/**
 * The q-quantile (0..1) of a cumulative histogram, interpolating linearly inside the bucket that
 * holds it, as Prometheus' histogram_quantile does (the first bucket starts at 0). Returns
 * undefined when the histogram is empty; a quantile in the +Inf bucket returns the highest finite
 * bound (a floor, not a value).
 */
export function histogramQuantile(q: number, buckets: readonly HistogramBucket[]): number | undefined {
  if (buckets.length === 0) return undefined;
  const total = buckets[buckets.length - 1]!.count;
  if (total <= 0) return undefined;
  const rank = Math.min(1, Math.max(0, q)) * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank && bucket.count > lowerCount) {
      if (!Number.isFinite(bucket.le)) return lowerBound;
      const inBucket = bucket.count - lowerCount;
      return lowerBound + (bucket.le - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    if (Number.isFinite(bucket.le)) lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerBound;
}
