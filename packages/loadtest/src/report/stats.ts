/** Nearest-rank percentile (0..100) of unsorted values, as the peers' stats.mjs computes it. */
export function percentile(values: ArrayLike<number>, p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Median of the finite values, or undefined. */
export function median(values: readonly (number | null | undefined)[]): number | undefined {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (finite.length === 0) return undefined;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rounds to `digits` decimals; null for undefined or non-finite values (JSON has no NaN). */
export function round(value: number | undefined | null, digits = 2): number | null {
  if (value === undefined || value === null || !Number.isFinite(value)) return null;
  return Number(value.toFixed(digits));
}
