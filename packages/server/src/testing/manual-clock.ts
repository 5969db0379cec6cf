import type { LoopClock } from '../loop/fixed-tick-loop';

interface PendingTimer {
  readonly id: number;
  readonly dueMs: number;
  readonly callback: () => void;
}

/**
 * A fake clock for loop and room tests. Time moves only when a test says so: `advance` runs the
 * timers that fall due in order (each sees `now()` at its due time, or later if an earlier
 * callback `spend`s time, exactly like a late timer), and `spend` makes the running code take time.
 */
export class ManualClock implements LoopClock {
  private nowMs = 0;
  private nextId = 1;
  private timers: PendingTimer[] = [];

  now(): number {
    return this.nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    const timer = { id: this.nextId++, dueMs: this.nowMs + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Simulated work: time passes inside the current callback. */
  spend(ms: number): void {
    this.nowMs += ms;
  }

  /** Lets `ms` of time pass, firing every timer that falls due, in due order. */
  advance(ms: number): void {
    const end = this.nowMs + ms;
    for (;;) {
      const next = this.timers.reduce<PendingTimer | undefined>(
        (earliest, timer) => (earliest === undefined || timer.dueMs < earliest.dueMs ? timer : earliest),
        undefined,
      );
      if (next === undefined || next.dueMs > end) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.nowMs = Math.max(this.nowMs, next.dueMs);
      next.callback();
    }
    this.nowMs = Math.max(this.nowMs, end);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }
}

/**
 * A ManualClock that defers like the real one (LoopClock.defer): deferred callbacks wait until the
 * test runs them with `runDeferred`, as if the event loop served other I/O in between.
 */
export class DeferringManualClock extends ManualClock {
  private readonly deferred: (() => void)[] = [];

  defer(callback: () => void): void {
    this.deferred.push(callback);
  }

  /** Callbacks waiting to run. */
  get deferredCount(): number {
    return this.deferred.length;
  }

  /** Runs the deferred callbacks, and those they defer, until none is left; returns how many ran. */
  runDeferred(): number {
    let ran = 0;
    for (let callback = this.deferred.shift(); callback !== undefined; callback = this.deferred.shift()) {
      callback();
      ran++;
    }
    return ran;
  }
}
