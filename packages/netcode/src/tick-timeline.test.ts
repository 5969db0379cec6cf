import { describe, expect, test } from 'vitest';
import { TIMELINE_MAX_SLEW, TIMELINE_SNAP_THRESHOLD_MS, TickTimeline } from './tick-timeline';

const PERIOD_MS = 1000 / 60;

/** Feeds ticks `from..to` arriving `latencyMs(tick)` after they happen; advances every arrival. */
function feed(timeline: TickTimeline, from: number, to: number, latencyMs: (tick: number) => number): number {
  let now = 0;
  for (let tick = from; tick <= to; tick++) {
    now = tick * PERIOD_MS + latencyMs(tick);
    timeline.observe(tick, now);
    timeline.advance(now);
  }
  return now;
}

describe('TickTimeline', () => {
  test('maps local time to the arriving tick from the first snapshot on', () => {
    const timeline = new TickTimeline(PERIOD_MS);
    expect(timeline.isReady).toBe(false);
    timeline.observe(100, 5000);
    expect(timeline.isReady).toBe(true);
    expect(timeline.tickAt(5000)).toBeCloseTo(100, 9);
    expect(timeline.tickAt(5000 + PERIOD_MS * 3)).toBeCloseTo(103, 9);
  });

  test('follows the late arrivals, so a tick it names has almost surely arrived despite jitter', () => {
    const timeline = new TickTimeline(PERIOD_MS);
    const jitter = (tick: number) => 30 + ((tick * 7919) % 5) * 8; // 30..62 ms
    feed(timeline, 1, 600, jitter);
    expect(timeline.tickAt(600 * PERIOD_MS + 62)).toBeCloseTo(600, 1);
  });

  test('a rare very late arrival does not move it', () => {
    const timeline = new TickTimeline(PERIOD_MS);
    feed(timeline, 1, 600, (tick) => (tick % 50 === 0 ? 150 : 20));
    expect(timeline.tickAt(600 * PERIOD_MS + 20)).toBeCloseTo(600, 1);
  });

  test('slews towards a new latency no faster than TIMELINE_MAX_SLEW', () => {
    const timeline = new TickTimeline(PERIOD_MS);
    feed(timeline, 1, 300, () => 20);
    expect(timeline.tickAt(300 * PERIOD_MS + 20)).toBeCloseTo(300, 6);
    // Latency drops by 100 ms: the timeline must move 100 ms, but gradually.
    let now = 0;
    let previous = timeline.tickAt(300 * PERIOD_MS + 20);
    for (let tick = 301; tick <= 1000; tick++) {
      now = tick * PERIOD_MS - 80;
      timeline.observe(tick, now);
      timeline.advance(now);
      const current = timeline.tickAt(now);
      // One period of real time may show at most (1 + slew) ticks of game time.
      expect(current - previous).toBeLessThanOrEqual(1 + TIMELINE_MAX_SLEW + 1e-6);
      previous = current;
    }
    expect(timeline.tickAt(now)).toBeCloseTo(1000, 1);
    expect(timeline.pendingAdjustmentMs).toBeCloseTo(0, 3);
  });

  test('adapts upwards once slower arrivals fill the whole window', () => {
    const timeline = new TickTimeline(PERIOD_MS);
    feed(timeline, 1, 200, () => 10);
    const now = feed(timeline, 201, 1200, () => 60);
    expect(timeline.tickAt(now)).toBeCloseTo(1200, 1);
  });

  test('jumps when the gap is beyond the snap threshold', () => {
    const timeline = new TickTimeline(PERIOD_MS);
    feed(timeline, 1, 100, () => 10);
    // A stall: from now on everything arrives far later. Crawling there at 5 % would take minutes.
    const lateMs = 10 + TIMELINE_SNAP_THRESHOLD_MS * 3;
    const now = feed(timeline, 101, 130, () => lateMs);
    expect(timeline.tickAt(now)).toBeCloseTo(130, 6);
  });
});
