/**
 * How long the fastest snapshot is remembered, ms. Server ticks are numbered, not timed: after a
 * stall the server gives ticks up (arena_ticks_skipped_total), and a tick number then stands for
 * a later moment than before. The fastest trip of the last two seconds is the reference, so such
 * a shift is forgotten within two seconds, while a retransmission (a few hundred ms) is not.
 */
export const AGE_REFERENCE_WINDOW_MS = 2000;

/**
 * The age of the newest snapshot a client holds: how long ago the server produced it. The client
 * has no clock in common with the server, so the production time of tick T is taken as
 * `T x period + offset`, where the offset is the smallest `arrival - T x period` seen in the
 * last AGE_REFERENCE_WINDOW_MS (the snapshot that came fastest), and that fastest trip took half
 * the smallest ping RTT. So the age is exact on a link without jitter, and a lower bound (by at
 * most the jitter) with it. Time is an argument.
 */
export class SnapshotAge {
  /** Offsets of the window's arrivals whose offset no later arrival undercuts (a monotonic deque). */
  private readonly offsets: { readonly atMs: number; readonly offsetMs: number }[] = [];
  private minRttMs = Number.POSITIVE_INFINITY;
  private newestTick: number | undefined;

  constructor(private readonly tickPeriodMs: number) {}

  /** A snapshot of `tick` arrived at `nowMs`. */
  arrived(tick: number, nowMs: number): void {
    const offsetMs = nowMs - tick * this.tickPeriodMs;
    while (this.offsets.length > 0 && this.offsets.at(-1)!.offsetMs >= offsetMs) this.offsets.pop();
    this.offsets.push({ atMs: nowMs, offsetMs });
    if (this.newestTick === undefined || tick > this.newestTick) this.newestTick = tick;
  }

  /** A ping's round trip, ms. */
  observeRtt(rttMs: number): void {
    if (rttMs >= 0) this.minRttMs = Math.min(this.minRttMs, rttMs);
  }

  /** Age of the newest snapshot at `nowMs`, ms; undefined before a snapshot and a pong. */
  ageMs(nowMs: number): number | undefined {
    if (this.newestTick === undefined || !Number.isFinite(this.minRttMs)) return undefined;
    // the newest arrival always stays, so the reference is never empty
    while (this.offsets.length > 1 && this.offsets[0]!.atMs < nowMs - AGE_REFERENCE_WINDOW_MS) {
      this.offsets.shift();
    }
    const reference = this.offsets[0]!.offsetMs;
    return nowMs - (this.newestTick * this.tickPeriodMs + reference) + this.minRttMs / 2;
  }
}
