/** Most inputs sent in one frame; a longer gap (a hidden tab) is dropped, not replayed as a burst. */
export const INPUT_MAX_BURST = 4;
/** Span over which the smallest server-side input backlog is taken, ms. */
export const INPUT_LAG_WINDOW_MS = 1000;
/** A smallest backlog above this many inputs is a standing queue: pure added latency. */
export const INPUT_BACKLOG_HIGH = 2.5;
/** Send rate while draining a standing backlog, relative to the tick rate. */
export const INPUT_RATE_SLOW = 0.95;

interface LagSample {
  readonly atMs: number;
  readonly backlog: number;
}

/**
 * Decides how many inputs to send each frame: one per server tick, on average.
 *
 * The server applies one input per tick (two when draining a jitter backlog, within a credit),
 * so a client whose clock runs a little fast, or that bursts after a stall, can still build a
 * standing queue on the server: latency that never goes away. The pacer estimates the server's
 * backlog at each snapshot (inputs not yet acknowledged, minus those a round trip accounts
 * for); while the smallest backlog of the last second stays above INPUT_BACKLOG_HIGH it sends
 * slightly slower until the queue is gone. It never sends faster than the tick rate: the
 * server would only bank the extra inputs.
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
    this.scale = this.estimatedBacklog > INPUT_BACKLOG_HIGH ? INPUT_RATE_SLOW : 1;
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
