import { describe, expect, test } from 'vitest';
import { INPUT_MAX_BURST, INPUT_RATE_SLOW, InputPacer } from './input-pacer';

const PERIOD_MS = 1000 / 60;

describe('InputPacer', () => {
  test('sends one input per tick period on average, whatever the frame rate', () => {
    for (const frameMs of [7, 16.7, 33.3, 50]) {
      const pacer = new InputPacer(PERIOD_MS);
      let sent = 0;
      for (let now = 0; now <= 10_000; now += frameMs) sent += pacer.due(now);
      expect(Math.abs(sent - 601)).toBeLessThanOrEqual(2);
    }
  });

  test('drops the backlog of a long pause instead of bursting it', () => {
    const pacer = new InputPacer(PERIOD_MS);
    pacer.due(0);
    expect(pacer.due(5000)).toBe(INPUT_MAX_BURST);
    expect(pacer.due(5000 + PERIOD_MS)).toBe(1);
  });

  test('slows down when the server keeps a backlog of inputs, and recovers', () => {
    const pacer = new InputPacer(PERIOD_MS);
    const rttMs = 50; // 3 ticks in flight
    for (let t = 0; t < 1000; t += 100) pacer.observeBacklog(t, 3 + 5, rttMs);
    expect(pacer.estimatedBacklog).toBeCloseTo(5, 9);
    expect(pacer.rateScale).toBe(INPUT_RATE_SLOW);
    for (let t = 1000; t < 2100; t += 100) pacer.observeBacklog(t, 3 + 1, rttMs);
    expect(pacer.rateScale).toBe(1);
  });

  test('never sends faster than the tick rate, even with an empty server queue', () => {
    const pacer = new InputPacer(PERIOD_MS);
    pacer.observeBacklog(0, 1, 50);
    expect(pacer.rateScale).toBe(1);
  });

  test('one slow snapshot does not make it slow down: the smallest backlog counts', () => {
    const pacer = new InputPacer(PERIOD_MS);
    pacer.observeBacklog(0, 4, 50);
    pacer.observeBacklog(100, 12, 50);
    expect(pacer.rateScale).toBe(1);
  });
});
