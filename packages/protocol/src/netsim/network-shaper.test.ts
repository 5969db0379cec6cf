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

  test('datagrams are lost at the configured rate; stream messages never are, only late', () => {
    const clock = { t: 0 };
    const shaper = new NetworkShaper(
      { latencyMs: 10, jitterMs: 0, lossPct: 5, bandwidthKbps: 0 },
      () => clock.t,
      seeded(2),
    );
    const datagrams = sendMany(shaper, clock, 20_000, 10, 100, true);
    expect(datagrams.dropped / 20_000).toBeGreaterThan(0.045);
    expect(datagrams.dropped / 20_000).toBeLessThan(0.055);
    // a lost datagram holds nothing back: every other one arrives after exactly the latency
    expect(new Set(datagrams.delays)).toEqual(new Set([10]));
    const stream = sendMany(shaper, clock, 20_000, 10, 100, false);
    expect(stream.dropped).toBe(0);
    // about 5 % are lost and arrive a recovery late (10 ms cadence + 1.25 x 20 ms RTT = 35 ms),
    // and a few of those behind each wait for it too
    const late = stream.delays.filter((d) => d > 10).length;
    expect(late / 20_000).toBeGreaterThan(0.05);
    expect(Math.max(...stream.delays)).toBeCloseTo(10 + 35, 0);
  });

  test('worked example (docs/netcode.md, "Loss on each path"): 150 ms RTT, 60 Hz, one segment lost', () => {
    const clock = { t: 0 };
    const losses = [false, false, true]; // the third message is lost, nothing else
    let next = 0;
    const shaper = new NetworkShaper(
      { latencyMs: 75, jitterMs: 0, lossPct: 50, bandwidthKbps: 0 },
      () => clock.t,
      () => (losses[next++] === true ? 0 : 0.99),
    );
    const periodMs = 1000 / 60;
    const arrivals: number[] = [];
    for (let i = 0; i < 20; i++) {
      clock.t = i * periodMs;
      const outcome = shaper.shape(100, false);
      if (!('deliverAtMs' in outcome)) throw new Error('a stream message was dropped');
      arrivals.push(outcome.deliverAtMs);
    }
    // message 2 (sent at 33.3 ms) is declared lost by RACK once message 3, sent a period later, is
    // acknowledged (its ack after one RTT) and RTT/4 passed; the resend then takes 75 ms:
    // 33.3 + 16.7 + 150 + 37.5 + 75 = 312.5 ms
    expect(arrivals[2]).toBeCloseTo(2 * periodMs + periodMs + 150 + 37.5 + 75, 6);
    // everything sent before 237.5 ms would have arrived before it and waits: messages 3 to 14
    for (let i = 3; i <= 14; i++) expect(arrivals[i]).toBeCloseTo(arrivals[2]!, 6);
    // message 15 (sent at 250 ms) arrives on its own time again
    expect(arrivals[15]).toBeCloseTo(15 * periodMs + 75, 6);
    expect(arrivals[0]).toBe(75);
  });

  test('a tail loss (nothing sent after it) waits for the retransmission timeout: RTT + 200 ms', () => {
    const clock = { t: 1000 };
    const shaper = new NetworkShaper(
      { latencyMs: 75, jitterMs: 0, lossPct: 50, bandwidthKbps: 0 },
      () => clock.t,
      () => 0, // lost
    );
    expect(shaper.shape(100, false)).toEqual({ deliverAtMs: 1000 + 75 + 150 + MIN_RETRANSMIT_MS });
    // a stream that sends rarely (every 2 s) recovers by timeout too, not by RACK
    clock.t += 2000;
    expect(shaper.shape(100, false)).toEqual({ deliverAtMs: 3000 + 75 + 150 + MIN_RETRANSMIT_MS });
    // on a LAN-like link the timeout's 200 ms floor is most of it
    const lan = new NetworkShaper(
      { latencyMs: 1, jitterMs: 0, lossPct: 50, bandwidthKbps: 0 },
      () => 0,
      () => 0,
    );
    expect(lan.shape(100, false)).toEqual({ deliverAtMs: 1 + 2 + MIN_RETRANSMIT_MS });
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
