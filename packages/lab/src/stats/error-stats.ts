import type { TruthPosition, TruthSource } from '../truth/ground-truth';

/** Mean, percentiles and maximum of a set of values (null figures when there are none). */
export interface Distribution {
  readonly count: number;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/** Nearest-rank percentile (0..100) of values already sorted ascending. */
function rank(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The distribution of `values` (nearest-rank percentiles, as the load test's figures). */
export function distribution(values: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return { count: 0, mean: null, p50: null, p95: null, p99: null, max: null };
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    p50: rank(sorted, 50),
    p95: rank(sorted, 95),
    p99: rank(sorted, 99),
    max: sorted[sorted.length - 1]!,
  };
}

/**
 * Where the server had a player at a fractional tick: between the ends of ticks floor(t) and
 * ceil(t), linearly, which is what a client receiving every tick's snapshot on time would draw.
 * Undefined when the player was not in the room at either end, or when it jumped farther than
 * `teleportUnits` in that tick (a respawn: no position "between" exists).
 */
export function truthAtRenderTick(
  truth: TruthSource,
  playerId: number,
  renderTick: number,
  teleportUnits = Number.POSITIVE_INFINITY,
): TruthPosition | undefined {
  const lower = Math.floor(renderTick);
  const a = truth.at(playerId, lower);
  if (a === undefined) return undefined;
  const t = renderTick - lower;
  if (t === 0) return a;
  const b = truth.at(playerId, lower + 1);
  if (b === undefined) return undefined;
  if (Math.hypot(b.x - a.x, b.y - a.y) > teleportUnits) return undefined;
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

/** A remote player as one probe drew it in one frame. */
export interface DrawnRemote {
  readonly renderTick: number;
  readonly playerId: number;
  readonly x: number;
  readonly y: number;
}

/**
 * Interpolation error: for each drawn remote player, the distance between where it was drawn at
 * the frame's render tick and where the server really had it at that tick. Samples with no truth
 * (outside the recording, a player not in the room, a respawn) are counted in `unmatched`.
 */
export function interpolationErrors(
  drawn: Iterable<DrawnRemote>,
  truth: TruthSource,
  teleportUnits?: number,
): { errors: Float64Array; unmatched: number } {
  const errors: number[] = [];
  let unmatched = 0;
  for (const sample of drawn) {
    const at = truthAtRenderTick(truth, sample.playerId, sample.renderTick, teleportUnits);
    if (at === undefined) {
      unmatched++;
      continue;
    }
    errors.push(Math.hypot(sample.x - at.x, sample.y - at.y));
  }
  return { errors: Float64Array.from(errors), unmatched };
}

/** Extrapolation as the player sees it, from per-frame extrapolation times (ms, 0 = interpolating). */
export interface ExtrapolationFigures {
  readonly frames: number;
  /** Share of frames that drew others past the newest snapshot, percent. */
  readonly frame_pct: number | null;
  /** Over the frames that extrapolated: how far past the newest snapshot. */
  readonly when_extrapolating_ms: Distribution;
}

export function extrapolationFigures(perFrameMs: ArrayLike<number>): ExtrapolationFigures {
  const extrapolating: number[] = [];
  for (let i = 0; i < perFrameMs.length; i++) {
    if (perFrameMs[i]! > 0) extrapolating.push(perFrameMs[i]!);
  }
  return {
    frames: perFrameMs.length,
    frame_pct: perFrameMs.length === 0 ? null : (extrapolating.length / perFrameMs.length) * 100,
    when_extrapolating_ms: distribution(extrapolating),
  };
}
