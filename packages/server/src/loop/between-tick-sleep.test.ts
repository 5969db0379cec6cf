import { describe, expect, test } from 'vitest';
import { ManualClock } from '../testing/manual-clock';
import { BetweenTickSleep, type PlannedLoop, SLEEP_MARGIN_MS } from './between-tick-sleep';
import { FixedTickLoop } from './fixed-tick-loop';

/** A sleep on a fake clock: `wait` records the sleep and moves the clock on by it. */
function fakeSleep(clock: ManualClock): { sleep: BetweenTickSleep; sleeps: number[] } {
  const sleeps: number[] = [];
  const sleep = new BetweenTickSleep({
    now: () => clock.now(),
    wait: (ms) => {
      sleeps.push(ms);
      clock.spend(ms);
    },
  });
  return { sleep, sleeps };
}

const loopDueAt = (ms: number | undefined): PlannedLoop => ({ nextTickDueMs: ms });

describe('BetweenTickSleep', () => {
  test('sleeps until the margin before the earliest due tick of all loops', () => {
    const clock = new ManualClock();
    const { sleep, sleeps } = fakeSleep(clock);
    sleep.add(loopDueAt(16));
    sleep.add(loopDueAt(9));
    sleep.add(loopDueAt(undefined)); // a stopped loop has no due tick
    sleep.sleepUntilNextTick();
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeCloseTo(9 - SLEEP_MARGIN_MS, 9);
    expect(sleep.totals).toEqual({ sleeps: 1, sleptMs: sleeps[0] });
  });

  test('does not sleep without loops, nor when the next tick is within the margin', () => {
    const clock = new ManualClock();
    const { sleep, sleeps } = fakeSleep(clock);
    sleep.sleepUntilNextTick();
    const soon = loopDueAt(SLEEP_MARGIN_MS + 0.1);
    sleep.add(soon);
    sleep.sleepUntilNextTick();
    expect(sleeps).toEqual([]);
    sleep.remove(soon);
    sleep.add(loopDueAt(50));
    sleep.sleepUntilNextTick();
    expect(sleeps).toHaveLength(1);
  });

  test('a FixedTickLoop sleeps after each tick through its clock, and leaves the sleep when stopped', () => {
    const clock = new ManualClock();
    const { sleep, sleeps } = fakeSleep(clock);
    const ticksAt: number[] = [];
    const loop = new FixedTickLoop({
      rateHz: 50,
      clock: Object.assign(clock, { betweenTicks: sleep }),
      onTick: () => ticksAt.push(clock.now()),
    });
    loop.start();
    clock.advance(100);
    expect(ticksAt).toEqual([20, 40, 60, 80, 100]);
    // each tick is followed by a sleep to the margin before the next one; the timer still fires on time
    expect(sleeps).toHaveLength(5);
    for (const ms of sleeps) expect(ms).toBeCloseTo(20 - SLEEP_MARGIN_MS, 9);
    loop.stop();
    expect(loop.nextTickDueMs).toBeUndefined();
    sleep.sleepUntilNextTick();
    expect(sleeps).toHaveLength(5);
  });
});
