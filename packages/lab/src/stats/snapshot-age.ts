/**
 * The age of the newest snapshot a client holds: how long ago the server produced it. The client
 * has no clock in common with the server, so the production time of tick T is taken as
 * `T x period + offset`, where the offset is the smallest `arrival - T x period` seen (the
 * snapshot that came fastest), and that fastest trip took half the smallest ping RTT. So the age
 * is exact on a link without jitter, and a lower bound (by at most the jitter) with it.
 * Time is an argument.
 */
export class SnapshotAge {
  private minOffsetMs = Number.POSITIVE_INFINITY;
  private minRttMs = Number.POSITIVE_INFINITY;
  private newestTick: number | undefined;

  constructor(private readonly tickPeriodMs: number) {}

  /** A snapshot of `tick` arrived at `nowMs`. */
  arrived(tick: number, nowMs: number): void {
    this.minOffsetMs = Math.min(this.minOffsetMs, nowMs - tick * this.tickPeriodMs);
    if (this.newestTick === undefined || tick > this.newestTick) this.newestTick = tick;
  }

  /** A ping's round trip, ms. */
  observeRtt(rttMs: number): void {
    if (rttMs >= 0) this.minRttMs = Math.min(this.minRttMs, rttMs);
  }

  /** Age of the newest snapshot at `nowMs`, ms; undefined before a snapshot and a pong. */
  ageMs(nowMs: number): number | undefined {
    if (this.newestTick === undefined || !Number.isFinite(this.minRttMs)) return undefined;
    return nowMs - (this.newestTick * this.tickPeriodMs + this.minOffsetMs) + this.minRttMs / 2;
  }
}
