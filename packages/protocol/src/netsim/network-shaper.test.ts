import { describe, expect, test } from 'vitest';
import { NETWORK_PROFILES } from './network-profiles';
import { MIN_RETRANSMIT_MS, NetworkShaper } from './network-shaper';

/** A seeded random source, so the statistics below are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function sendMany(
  shaper: NetworkShaper,
  clock: { t: number },
  count: number,
  gapMs: number,
  bytes: number,
  isDroppable: boolean,
) {
  const delays: number[] = [];
  let dropped = 0;
  for (let i = 0; i < count; i++) {
    const outcome = shaper.shape(bytes, isDroppable);
    if ('isDropped' in outcome) dropped++;
    else delays.push(outcome.deliverAtMs - clock.t);
    clock.t += gapMs;
  }
  return { delays, dropped };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('NetworkShaper', () => {
  test('delays match the latency on average and stay within latency ± jitter (when not queued)', () => {
    const clock = { t: 0 };
    const shaper = new NetworkShaper(
      { latencyMs: 40, jitterMs: 15, lossPct: 0, bandwidthKbps: 0 },
      () => clock.t,
      seeded(1),
    );
    const { delays } = sendMany(shaper, clock, 20_000, 50, 100, false); // gaps longer than 2 x jitter: no FIFO waits
    expect(mean(delays)).toBeGreaterThan(39);
    expect(mean(delays)).toBeLessThan(41);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(25);
    expect(Math.max(...delays)).toBeLessThanOrEqual(55);
  });

  test('droppable messages are lost at the configured rate; reliable ones never are', () => {
    const clock = { t: 0 };
    const shaper = new NetworkShaper(
      { latencyMs: 10, jitterMs: 0, lossPct: 5, bandwidthKbps: 0 },
      () => clock.t,
      seeded(2),
    );
    const droppable = sendMany(shaper, clock, 20_000, 10, 100, true);
    expect(droppable.dropped / 20_000).toBeGreaterThan(0.045);
    expect(droppable.dropped / 20_000).toBeLessThan(0.055);
    const reliable = sendMany(shaper, clock, 20_000, 10, 100, false);
    expect(reliable.dropped).toBe(0);
    // about 5 % arrive a retransmission late
    const late = reliable.delays.filter((d) => d >= 10 + MIN_RETRANSMIT_MS).length;
    expect(late / 20_000).toBeGreaterThan(0.04);
  });

  test('messages never overtake each other (one TCP stream)', () => {
    const clock = { t: 0 };
    const shaper = new NetworkShaper(NETWORK_PROFILES['bad-wifi'], () => clock.t, seeded(3));
    let previous = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < 10_000; i++) {
      const outcome = shaper.shape(200, false);
      if ('deliverAtMs' in outcome) {
        expect(outcome.deliverAtMs).toBeGreaterThanOrEqual(previous);
        previous = outcome.deliverAtMs;
      }
      clock.t += 5;
    }
  });

  test('a bandwidth cap limits throughput to the link rate', () => {
    const clock = { t: 0 };
    const shaper = new NetworkShaper(
      { latencyMs: 0, jitterMs: 0, lossPct: 0, bandwidthKbps: 1000 },
      () => clock.t,
      seeded(4),
    );
    // offer 1000 B every 4 ms = 2 Mbit/s, twice the cap
    const { delays } = sendMany(shaper, clock, 2000, 4, 1000, false);
    const lastArrival = delays.at(-1)! + 1999 * 4;
    const deliveredKbps = (2000 * 1000 * 8) / lastArrival;
    expect(deliveredKbps).toBeGreaterThan(990);
    expect(deliveredKbps).toBeLessThanOrEqual(1000.01);
  });

  test('lan changes nothing', () => {
    const clock = { t: 123 };
    const shaper = new NetworkShaper(NETWORK_PROFILES.lan, () => clock.t, seeded(5));
    expect(shaper.shape(1000, true)).toEqual({ deliverAtMs: 123 });
  });
});
