/** Arrivals older than this no longer vote on where the timeline sits. */
export const TIMELINE_WINDOW_MS = 1500;
/**
 * Fastest rate at which the timeline drifts towards its target: 5 % faster or slower than real
 * time, which nobody sees, where a jump of a few ms would be a visible stutter.
 */
export const TIMELINE_MAX_SLEW = 0.05;
/** Beyond this gap (a backgrounded tab, a long stall) the timeline jumps rather than crawls. */
export const TIMELINE_SNAP_THRESHOLD_MS = 400;
/**
 * Which arrival of the window the timeline follows, from the earliest (0) to the latest (1).
 * A late percentile means "the tick that has almost surely arrived by now", so delivery jitter
 * (network, a busy main thread handling messages in bursts) is absorbed by the timeline rather
 * than eating into the interpolation delay.
 */
export const TIMELINE_ARRIVAL_PERCENTILE = 0.95;

interface Arrival {
  readonly localMs: number;
  readonly baseMs: number;
}

/**
 * The client's estimate of the server's tick clock, as seen from here: which tick (fractional)
 * has arrived by a given local time. Rooms tick at a fixed rate, so tick t arrives at about
 * `base + t * period`; each snapshot arrival gives a sample of `base`. The target is a late
 * percentile of the samples of a recent window (TIMELINE_ARRIVAL_PERCENTILE), and the estimate
 * slews towards it (TIMELINE_MAX_SLEW) instead of jumping. It keeps adapting for the whole
 * session: latency, jitter and clock drift move it smoothly.
 */
export class TickTimeline {
  private readonly arrivals: Arrival[] = [];
  private base: number | undefined;
  private target = 0;
  private lastAdvanceMs: number | undefined;

  constructor(private readonly tickPeriodMs: number) {}

  /** A snapshot for `tick` arrived at local time `localMs`. */
  observe(tick: number, localMs: number): void {
    const baseMs = localMs - tick * this.tickPeriodMs;
    this.arrivals.push({ localMs, baseMs });
    while (this.arrivals.length > 0 && this.arrivals[0]!.localMs < localMs - TIMELINE_WINDOW_MS) {
      this.arrivals.shift();
    }
    this.target = percentile(
      this.arrivals.map((arrival) => arrival.baseMs),
      TIMELINE_ARRIVAL_PERCENTILE,
    );
    if (this.base === undefined) {
      this.base = this.target;
      this.lastAdvanceMs = localMs;
    }
  }

  /** Moves the estimate towards its target by what `nowMs - last advance` allows. Call once a frame. */
  advance(nowMs: number): void {
    if (this.base === undefined || this.lastAdvanceMs === undefined) return;
    const elapsedMs = Math.max(0, nowMs - this.lastAdvanceMs);
    this.lastAdvanceMs = nowMs;
    const gap = this.target - this.base;
    if (Math.abs(gap) > TIMELINE_SNAP_THRESHOLD_MS) {
      this.base = this.target;
      return;
    }
    const maxStep = elapsedMs * TIMELINE_MAX_SLEW;
    this.base += Math.max(-maxStep, Math.min(maxStep, gap));
  }

  /** True once a snapshot has arrived. */
  get isReady(): boolean {
    return this.base !== undefined;
  }

  /** The tick (fractional) arriving at local time `localMs`, as of the last `advance`. */
  tickAt(localMs: number): number {
    if (this.base === undefined) return 0;
    return (localMs - this.base) / this.tickPeriodMs;
  }

  /** How far the estimate still is from its target, ms (positive: the timeline runs ahead). */
  get pendingAdjustmentMs(): number {
    return this.base === undefined ? 0 : this.target - this.base;
  }
}

/** The value at fraction `p` (0..1) of the sorted values (nearest rank). */
function percentile(values: number[], p: number): number {
  const sorted = values.sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}
