/** A gap between snapshots longer than this is a freeze: at 30 Hz, three snapshots in a row missing or late. */
export const FREEZE_MS = 100;

/**
 * Counts freezes: gaps longer than FREEZE_MS between the arrivals of snapshots that move the
 * client forward (a newer tick than any before). A late snapshot that arrives after a newer one
 * changes nothing on the screen, so it neither ends nor starts a gap. Time is an argument.
 */
export class FreezeCounter {
  private newestTick = -1;
  private lastArrivalMs: number | undefined;
  /** Gaps longer than FREEZE_MS, and their total length, ms. */
  freezes = 0;
  frozenMs = 0;

  /** A snapshot of `tick` arrived at `nowMs`; `isCounting` false keeps the clock going without counting. */
  arrived(tick: number, nowMs: number, isCounting = true): void {
    if (tick <= this.newestTick) return;
    this.newestTick = tick;
    if (this.lastArrivalMs !== undefined && isCounting) {
      const gapMs = nowMs - this.lastArrivalMs;
      if (gapMs > FREEZE_MS) {
        this.freezes++;
        this.frozenMs += gapMs;
      }
    }
    this.lastArrivalMs = nowMs;
  }
}
