/** Counters one room keeps for metrics and the load test. Plain numbers: cheap to bump per tick. */
export class RoomStats {
  inputsReceived = 0;
  inputsApplied = 0;
  /** Stale, duplicate, beyond the queue bound, or absurdly far ahead. */
  inputsDropped = 0;
  messagesOut = 0;
  bytesOut = 0;
  snapshotsSent = 0;
  private readonly durations: Float64Array;
  private cursor = 0;
  private filled = 0;

  constructor(windowTicks = 1024) {
    this.durations = new Float64Array(windowTicks);
  }

  recordTickDuration(ms: number): void {
    this.durations[this.cursor] = ms;
    this.cursor = (this.cursor + 1) % this.durations.length;
    this.filled = Math.min(this.filled + 1, this.durations.length);
  }

  /** Tick duration percentile (0..1) over the last window of ticks, in ms. */
  tickDurationPercentile(p: number): number {
    if (this.filled === 0) return 0;
    const sorted = this.durations.slice(0, this.filled).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  }
}
