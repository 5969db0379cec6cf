/** The clock a loop runs on: real by default, injected by tests (fake timers) and replays. */
export interface LoopClock {
  /** Monotonic milliseconds. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
  /**
   * Runs `callback` once the event loop has served the I/O that came meanwhile (setImmediate):
   * a room's work at each tick is cut into slices this way, so that an HTTP request or a handshake
   * never waits for all of it. Absent (tests' manual clocks): the slices run back to back.
   */
  defer?(callback: () => void): void;
}

export const realClock: LoopClock = {
  now: () => performance.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  defer: (callback) => setImmediate(callback),
};

export interface FixedTickLoopOptions {
  readonly rateHz: number;
  /** Most ticks run back to back after a stall before the loop gives up on the missed ones. @default 4 */
  readonly maxCatchUpTicks?: number;
  readonly clock?: LoopClock;
  /** One simulation step. Its duration is measured; a throw stops the loop and reaches `onError`. */
  readonly onTick: () => void;
  /**
   * Runs when the loop wakes for its due tick(s), before them and outside their measured time:
   * the room reads its players' sockets here (transport/arena-wire.ts, `readPending`). The ticks
   * then run in a slice of their own (LoopClock.defer). A throw stops the loop like a tick's.
   */
  readonly beforeTicks?: () => void;
  readonly onError?: (error: unknown) => void;
}

export interface LoopStats {
  readonly ticks: number;
  /** Ticks that took longer than one period. */
  readonly overruns: number;
  /** Ticks given up after a stall longer than the catch-up allowance. */
  readonly skippedTicks: number;
  readonly lastTickMs: number;
}

/**
 * Runs `onTick` at a fixed rate without drift: tick n is due at start + n x period, and each
 * wait is computed from that schedule, not from the previous wake-up, so timer lateness never
 * accumulates (a `setInterval(16)` gives 62.5 Hz for 60). After a stall it runs the missed ticks
 * back to back, at most `maxCatchUpTicks`, then moves the schedule forward: a slow tick can never
 * start a spiral of ever more catch-up work.
 */
export class FixedTickLoop {
  readonly periodMs: number;
  private readonly maxCatchUpTicks: number;
  private readonly clock: LoopClock;
  private readonly onTick: () => void;
  private readonly beforeTicks: (() => void) | undefined;
  private readonly onError: (error: unknown) => void;
  private originMs = 0;
  private scheduledTicks = 0;
  private timer: unknown;
  private running = false;
  /** Counts starts: a slice deferred before a stop must not run after the next start. */
  private runs = 0;
  private stats_ = { ticks: 0, overruns: 0, skippedTicks: 0, lastTickMs: 0 };
  /** Called with each tick's duration, for histograms. */
  onTickDuration: ((durationMs: number) => void) | undefined;
  /** Called when ticks are given up after a stall. */
  onTicksSkipped: ((count: number) => void) | undefined;

  constructor(options: FixedTickLoopOptions) {
    if (!(options.rateHz > 0)) throw new RangeError(`rateHz must be positive, got ${options.rateHz}`);
    this.periodMs = 1000 / options.rateHz;
    this.maxCatchUpTicks = options.maxCatchUpTicks ?? 4;
    this.clock = options.clock ?? realClock;
    this.onTick = options.onTick;
    this.beforeTicks = options.beforeTicks;
    this.onError =
      options.onError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
  }

  get isRunning(): boolean {
    return this.running;
  }

  get stats(): LoopStats {
    return { ...this.stats_ };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.runs++;
    this.originMs = this.clock.now();
    this.scheduledTicks = 0;
    this.arm();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private dueMs(tickIndex: number): number {
    return this.originMs + tickIndex * this.periodMs;
  }

  private arm(): void {
    const delay = Math.max(0, this.dueMs(this.scheduledTicks + 1) - this.clock.now());
    this.timer = this.clock.setTimeout(() => this.wake(), delay);
  }

  private wake(): void {
    this.timer = undefined;
    if (!this.running) return;
    if (this.beforeTicks !== undefined) {
      if (!this.guarded(this.beforeTicks)) return;
      if (this.clock.defer !== undefined) {
        const run = this.runs;
        // a stop (and a start) in between leaves this slice nothing to do
        this.clock.defer(() => {
          if (this.runs === run) this.runDueTicks();
        });
        return;
      }
    }
    this.runDueTicks();
  }

  private runDueTicks(): void {
    if (!this.running) return;
    let ran = 0;
    while (this.running && this.dueMs(this.scheduledTicks + 1) <= this.clock.now()) {
      if (ran === this.maxCatchUpTicks) {
        this.skipMissedTicks();
        break;
      }
      this.scheduledTicks++;
      ran++;
      if (!this.runOneTick()) return;
    }
    if (!this.running) return;
    this.arm();
  }

  /** Runs `step`; a throw stops the loop and goes to onError. */
  private guarded(step: () => void): boolean {
    try {
      step();
      return true;
    } catch (error) {
      this.stop();
      this.onError(error);
      return false;
    }
  }

  private runOneTick(): boolean {
    const started = this.clock.now();
    if (!this.guarded(this.onTick)) return false;
    const duration = this.clock.now() - started;
    this.stats_.ticks++;
    this.stats_.lastTickMs = duration;
    if (duration > this.periodMs) this.stats_.overruns++;
    this.onTickDuration?.(duration);
    return true;
  }

  /** Drops every tick already due: the schedule resumes from now, one period ahead. */
  private skipMissedTicks(): void {
    const behind = Math.floor((this.clock.now() - this.dueMs(this.scheduledTicks)) / this.periodMs);
    this.stats_.skippedTicks += behind;
    this.scheduledTicks += behind;
    if (behind > 0) this.onTicksSkipped?.(behind);
  }
}
