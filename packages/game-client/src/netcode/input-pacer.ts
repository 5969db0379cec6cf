/** Most inputs sent in one frame; a longer gap (a hidden tab) is dropped, not replayed as a burst. */
export const INPUT_MAX_BURST = 4;
/** Span over which the smallest server-side input backlog is taken, ms. */
export const INPUT_LAG_WINDOW_MS = 1000;
/** Backlog (inputs) the pacer aims for: one spare input absorbs jitter without adding much delay. */
export const INPUT_BACKLOG_LOW = 0.5;
export const INPUT_BACKLOG_HIGH = 2.5;
/** Send rate while draining or filling the backlog, relative to the tick rate. */
export const INPUT_RATE_SLOW = 0.95;
export const INPUT_RATE_FAST = 1.03;

interface LagSample {
  readonly atMs: number;
  readonly backlog: number;
}

/**
 * Decides how many inputs to send each frame: one per server tick, on average.
 *
 * The server applies one queued input per tick, so if the client sent exactly at the tick rate
 * every hiccup that left the queue empty for a tick would leave it one input longer for good,
 * and the latency would ratchet up until the queue overflowed. So the pacer estimates the
 * server's backlog at each snapshot: the inputs not yet acknowledged, minus those a round trip
 * accounts for. When the smallest backlog of the last second stays above INPUT_BACKLOG_HIGH it
 * sends slightly slower; below INPUT_BACKLOG_LOW, slightly faster.
 */
export class InputPacer {
  private accumulatedMs = 0;
  private lastFrameMs: number | undefined;
  private readonly samples: LagSample[] = [];
  private scale = 1;

  constructor(private readonly tickPeriodMs: number) {}

  /** Inputs to send in the frame at `nowMs`. */
  due(nowMs: number): number {
    if (this.lastFrameMs === undefined) {
      this.lastFrameMs = nowMs;
      return 1;
    }
    this.accumulatedMs += Math.max(0, nowMs - this.lastFrameMs) * this.scale;
    this.lastFrameMs = nowMs;
    const count = Math.floor(this.accumulatedMs / this.tickPeriodMs);
    if (count > INPUT_MAX_BURST) {
      this.accumulatedMs = 0;
      return INPUT_MAX_BURST;
    }
    this.accumulatedMs -= count * this.tickPeriodMs;
    return count;
  }

  /** At a snapshot arrival: inputs sent and not acknowledged, and the current round-trip time. */
  observeBacklog(nowMs: number, unackedInputs: number, rttMs: number): void {
    const backlog = unackedInputs - rttMs / this.tickPeriodMs;
    this.samples.push({ atMs: nowMs, backlog });
    while (this.samples.length > 0 && this.samples[0]!.atMs < nowMs - INPUT_LAG_WINDOW_MS) {
      this.samples.shift();
    }
    const smallest = this.estimatedBacklog;
    if (smallest > INPUT_BACKLOG_HIGH) this.scale = INPUT_RATE_SLOW;
    else if (smallest < INPUT_BACKLOG_LOW) this.scale = INPUT_RATE_FAST;
    else this.scale = 1;
  }

  /** The smallest recent backlog estimate, inputs (0 before any snapshot). */
  get estimatedBacklog(): number {
    if (this.samples.length === 0) return 0;
    return Math.min(...this.samples.map((sample) => sample.backlog));
  }

  /** Current send rate relative to the tick rate. */
  get rateScale(): number {
    return this.scale;
  }
}
