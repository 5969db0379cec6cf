import { describe, expect, test } from 'vitest';
import { CLOCK_SNAP_THRESHOLD_MS, ServerClock } from './server-clock';

/** A pong as a network with the given one-way delays would deliver it. */
function pong(
  clock: ServerClock,
  sentLocalMs: number,
  trueOffsetMs: number,
  upMs: number,
  downMs: number,
): void {
  const serverTimeMs = sentLocalMs + upMs + trueOffsetMs;
  clock.observePong(sentLocalMs, serverTimeMs, sentLocalMs + upMs + downMs);
}

describe('ServerClock', () => {
  test('takes the first sample as it is, halving the round trip', () => {
    const clock = new ServerClock();
    expect(clock.hasEstimate).toBe(false);
    pong(clock, 1000, 5_000_000, 20, 20);
    expect(clock.hasEstimate).toBe(true);
    expect(clock.offsetMs).toBe(5_000_000);
    expect(clock.rttMs).toBe(40);
    expect(clock.serverTimeAt(2000)).toBe(5_002_000);
  });

  test('trusts the lowest-RTT sample: a slow, lopsided pong barely moves the estimate', () => {
    const clock = new ServerClock();
    pong(clock, 0, 1000, 10, 10);
    pong(clock, 1000, 1000, 300, 10); // queued on the way up: its offset sample is 145 ms off
    expect(Math.abs(clock.offsetMs - 1000)).toBeLessThan(1);
  });

  test('keeps adapting to a drifting server clock instead of fixing a one-off offset', () => {
    const clock = new ServerClock();
    let trueOffset = 0;
    for (let i = 0; i < 200; i++) {
      trueOffset += 0.5; // the server clock gains 0.5 ms per second
      pong(clock, i * 1000, trueOffset, 15, 15);
    }
    expect(Math.abs(clock.offsetMs - trueOffset)).toBeLessThan(5);
  });

  test('moves towards a changed offset gradually, without a jump', () => {
    const clock = new ServerClock();
    for (let i = 0; i < 10; i++) pong(clock, i * 1000, 0, 10, 10);
    const steps: number[] = [];
    for (let i = 10; i < 40; i++) {
      const before = clock.offsetMs;
      pong(clock, i * 1000, 200, 10, 10);
      steps.push(clock.offsetMs - before);
    }
    expect(Math.max(...steps)).toBeLessThan(200);
    expect(clock.offsetMs).toBeGreaterThan(195);
  });

  test('snaps when the gap is too large to be drift', () => {
    const clock = new ServerClock();
    pong(clock, 0, 0, 10, 10);
    pong(clock, 1000, CLOCK_SNAP_THRESHOLD_MS * 5, 10, 10);
    pong(clock, 2000, CLOCK_SNAP_THRESHOLD_MS * 5, 10, 10);
    expect(clock.offsetMs).toBe(CLOCK_SNAP_THRESHOLD_MS * 5);
  });

  test('smooths the round-trip time and remembers the latest', () => {
    const clock = new ServerClock();
    pong(clock, 0, 0, 20, 20);
    pong(clock, 1000, 0, 100, 100);
    expect(clock.latestRttMs).toBe(200);
    expect(clock.rttMs).toBeGreaterThan(40);
    expect(clock.rttMs).toBeLessThan(200);
  });
});
