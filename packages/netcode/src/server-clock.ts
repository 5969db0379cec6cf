/** How many recent pongs the offset estimate considers. */
export const CLOCK_SAMPLE_WINDOW = 8;
/** Share of the gap to the newest target the estimate closes per pong: follows drift without jumps. */
export const CLOCK_SLEW_FACTOR = 0.2;
/** A gap this large is a different clock (a suspended laptop, a new server): take it at once. */
export const CLOCK_SNAP_THRESHOLD_MS = 1000;
/** Weight of a new RTT sample in the smoothed RTT. */
const RTT_SMOOTHING = 0.2;

interface ClockSample {
  readonly rttMs: number;
  readonly offsetMs: number;
}

/**
 * Estimates the server's wall clock from ping/pong pairs, NTP style, and keeps adapting.
 *
 * Each pong gives an offset sample `serverTime + rtt/2 - receivedAt`; its error is at most rtt/2,
 * so among the last few samples the one with the smallest RTT is the most trustworthy. The
 * estimate moves a fraction of the way to that sample at every pong instead of being fixed
 * once, so it follows clock drift and route changes, and never jumps (except a first sample or
 * a gap beyond CLOCK_SNAP_THRESHOLD_MS).
 *
 * Local times are the caller's monotonic clock (`performance.now()`); server times are ms since
 * the epoch.
 */
export class ServerClock {
  private readonly samples: ClockSample[] = [];
  private offset: number | undefined;
  private smoothedRtt: number | undefined;
  private latestRtt: number | undefined;

  /** Feeds one pong: when the ping left, the server time in the pong, when the pong arrived. */
  observePong(sentLocalMs: number, serverTimeMs: number, receivedLocalMs: number): void {
    const rttMs = Math.max(0, receivedLocalMs - sentLocalMs);
    const offsetMs = serverTimeMs + rttMs / 2 - receivedLocalMs;
    this.samples.push({ rttMs, offsetMs });
    if (this.samples.length > CLOCK_SAMPLE_WINDOW) this.samples.shift();
    this.latestRtt = rttMs;
    this.smoothedRtt =
      this.smoothedRtt === undefined ? rttMs : this.smoothedRtt + (rttMs - this.smoothedRtt) * RTT_SMOOTHING;

    // On equal RTTs the newer sample wins: it carries the more recent drift.
    const best = this.samples.reduce((a, b) => (b.rttMs <= a.rttMs ? b : a));
    if (this.offset === undefined || Math.abs(best.offsetMs - this.offset) > CLOCK_SNAP_THRESHOLD_MS) {
      this.offset = best.offsetMs;
    } else {
      this.offset += (best.offsetMs - this.offset) * CLOCK_SLEW_FACTOR;
    }
  }

  /** True once a pong has been seen. */
  get hasEstimate(): boolean {
    return this.offset !== undefined;
  }

  /** Server time minus local time, ms (0 before any pong). */
  get offsetMs(): number {
    return this.offset ?? 0;
  }

  /** Smoothed round-trip time, ms (0 before any pong). */
  get rttMs(): number {
    return this.smoothedRtt ?? 0;
  }

  /** The most recent round-trip time, ms (0 before any pong). */
  get latestRttMs(): number {
    return this.latestRtt ?? 0;
  }

  /** The server's wall clock at local time `localMs`. */
  serverTimeAt(localMs: number): number {
    return localMs + this.offsetMs;
  }
}
