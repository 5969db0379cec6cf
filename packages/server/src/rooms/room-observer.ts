/**
 * What a room reports as it runs, for metrics. Rooms know nothing of Prometheus: the metrics
 * module implements this; tests and embedders may pass nothing.
 */
export interface RoomObserver {
  /** One tick ran for `durationMs`; `isOverrun` when it took longer than the tick period. */
  tick(roomId: string, durationMs: number, isOverrun: boolean): void;
  /** Ticks given up after a stall. */
  ticksSkipped(roomId: string, count: number): void;
  inputsApplied(count: number): void;
  /** Inputs dropped as stale, duplicate, beyond the queue bound, or forged. */
  inputDropped(): void;
  roomClosed(roomId: string): void;
  /** A lag-compensated shot was resolved this far in the past, ms. */
  shotRewound(rewindMs: number): void;
}

/** One room's tick figures, read when metrics are scraped. */
export interface RoomTickReport {
  readonly id: string;
  readonly ticks: number;
  /** Tick duration at quantile `q` (0..1) over the room's recent ticks, ms. */
  tickDurationMs(q: number): number;
}
