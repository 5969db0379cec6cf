import { beforeEach, describe, expect, test } from 'vitest';
import { DeferringManualClock, ManualClock } from '../testing/manual-clock';
import { FixedTickLoop } from './fixed-tick-loop';

let clock: ManualClock;
beforeEach(() => {
  clock = new ManualClock();
});

/** Makes the current tick take this long. */
function spend(ms: number): void {
  clock.spend(ms);
}

describe('FixedTickLoop', () => {
  test('60 s at 60 Hz gives 3600 ticks (within one), unlike a 16 ms interval', () => {
    let ticks = 0;
    const loop = new FixedTickLoop({ rateHz: 60, clock, onTick: () => ticks++ });
    loop.start();
    clock.advance(60_000);
    loop.stop();
    expect(Math.abs(ticks - 3600)).toBeLessThanOrEqual(1);
    expect(loop.stats.ticks).toBe(ticks);
  });

  test.each([10, 20, 30, 64, 128])('%i Hz holds its rate over 10 minutes', (rateHz) => {
    let ticks = 0;
    const loop = new FixedTickLoop({ rateHz, clock, onTick: () => ticks++ });
    loop.start();
    clock.advance(600_000);
    loop.stop();
    expect(Math.abs(ticks - rateHz * 600)).toBeLessThanOrEqual(1);
  });

  test('timer lateness does not accumulate: slow ticks still average the rate', () => {
    let ticks = 0;
    const loop = new FixedTickLoop({
      rateHz: 60,
      clock,
      onTick: () => {
        ticks++;
        spend(5); // every tick costs 5 ms of the 16.7 ms period
      },
    });
    loop.start();
    clock.advance(30_000);
    loop.stop();
    expect(Math.abs(ticks - 1800)).toBeLessThanOrEqual(2);
    expect(loop.stats.overruns).toBe(0);
  });

  test('after a stall it catches up at most maxCatchUpTicks and skips the rest', () => {
    let ticks = 0;
    let ticksAfterStall = 0;
    let stalled = false;
    const loop = new FixedTickLoop({
      rateHz: 50,
      maxCatchUpTicks: 4,
      clock,
      onTick: () => {
        ticks++;
        if (stalled) ticksAfterStall++;
        if (ticks === 10) {
          spend(1000); // a one-second event-loop stall: 50 ticks missed
          stalled = true;
        }
      },
    });
    loop.start();
    clock.advance(200); // 10 ticks; the 10th stalls, and the same wake-up catches up
    expect(ticksAfterStall).toBeGreaterThanOrEqual(1);
    expect(ticksAfterStall).toBeLessThanOrEqual(4); // never all 50 missed ticks
    expect(loop.stats.skippedTicks).toBeGreaterThanOrEqual(45);
    expect(loop.stats.overruns).toBe(1);
    // then it is back on schedule: 1 s later, 50 more ticks (not a burst of the missed ones)
    const before = ticks;
    clock.advance(1000);
    expect(Math.abs(ticks - before - 50)).toBeLessThanOrEqual(1);
    loop.stop();
  });

  test('counts overruns: ticks longer than one period', () => {
    let n = 0;
    const loop = new FixedTickLoop({
      rateHz: 100,
      clock,
      onTick: () => {
        n++;
        if (n % 10 === 0) spend(15); // every 10th tick takes 15 ms > 10 ms
      },
    });
    loop.start();
    clock.advance(1000);
    loop.stop();
    expect(loop.stats.overruns).toBeGreaterThanOrEqual(8);
    expect(loop.stats.overruns).toBeLessThanOrEqual(10);
  });

  test('stop() stops ticking; a throwing tick stops the loop and reports the error', () => {
    const errors: unknown[] = [];
    let ticks = 0;
    const loop = new FixedTickLoop({
      rateHz: 20,
      clock,
      onTick: () => {
        ticks++;
        if (ticks === 3) throw new Error('boom');
      },
      onError: (error) => errors.push(error),
    });
    loop.start();
    clock.advance(1000);
    expect(ticks).toBe(3);
    expect(loop.isRunning).toBe(false);
    expect(errors).toHaveLength(1);
  });

  test('refuses a non-positive rate', () => {
    expect(() => new FixedTickLoop({ rateHz: 0, onTick: () => {} })).toThrow(RangeError);
  });
});

describe('FixedTickLoop with beforeTicks on a deferring clock', () => {
  test('the reads run when the loop wakes; the due ticks run in the next slice, after other I/O', () => {
    const deferring = new DeferringManualClock();
    const order: string[] = [];
    const loop = new FixedTickLoop({
      rateHz: 10,
      clock: deferring,
      beforeTicks: () => order.push('read'),
      onTick: () => order.push('tick'),
    });
    loop.start();
    deferring.advance(100);
    expect(order).toEqual(['read']);
    order.push('other I/O');
    expect(deferring.runDeferred()).toBe(1);
    expect(order).toEqual(['read', 'other I/O', 'tick']);
    deferring.advance(100);
    deferring.runDeferred();
    expect(order).toEqual(['read', 'other I/O', 'tick', 'read', 'tick']);
    loop.stop();
  });

  test('a slice deferred before a stop does nothing, even after a restart: never two timers', () => {
    const deferring = new DeferringManualClock();
    let ticks = 0;
    const loop = new FixedTickLoop({
      rateHz: 10,
      clock: deferring,
      beforeTicks: () => {},
      onTick: () => ticks++,
    });
    loop.start();
    deferring.advance(100);
    loop.stop();
    loop.start();
    deferring.runDeferred();
    expect(ticks).toBe(0);
    // one timer only: 1 s at 10 Hz gives 10 ticks, not 20
    for (let i = 0; i < 10; i++) {
      deferring.advance(100);
      deferring.runDeferred();
    }
    expect(ticks).toBe(10);
    loop.stop();
  });
});
