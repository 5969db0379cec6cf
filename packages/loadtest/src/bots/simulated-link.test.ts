import { NETWORK_PROFILES } from '@arena/protocol';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { SimulatedLink, seededRandom } from './simulated-link';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SimulatedLink', () => {
  test('lan hands every message over at once, in both directions', () => {
    const link = new SimulatedLink(NETWORK_PROFILES.lan);
    const seen: string[] = [];
    link.up(100, () => seen.push('up'));
    link.down(100, true, () => seen.push('down'));
    expect(seen).toEqual(['up', 'down']);
  });

  test('each direction delays by the latency, and keeps the order of one stream', () => {
    const link = new SimulatedLink(
      { latencyMs: 50, jitterMs: 20, lossPct: 0, bandwidthKbps: 0 },
      seededRandom(3),
    );
    const arrivals: { index: number; atMs: number }[] = [];
    for (let i = 0; i < 200; i++) {
      link.down(100, false, () => arrivals.push({ index: i, atMs: performance.now() - i }));
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(200);
    expect(arrivals.map((a) => a.index)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const delays = arrivals.map((a) => a.atMs);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    // Jitter is uniform within ±20 ms, but a message never overtakes the one before it.
    expect(mean).toBeGreaterThan(45);
    expect(mean).toBeLessThan(70);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(29);
  });

  test('datagrams (droppable) are lost at about the loss rate; WebSocket messages never are, in either direction', () => {
    const link = new SimulatedLink(
      { latencyMs: 10, jitterMs: 0, lossPct: 5, bandwidthKbps: 0 },
      seededRandom(7),
    );
    let up = 0;
    let down = 0;
    let downStream = 0;
    for (let i = 0; i < 10_000; i++) {
      link.up(30, () => up++);
      link.down(100, true, () => down++);
      link.down(100, false, () => downStream++);
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(1000);
    expect(up).toBe(10_000);
    expect(downStream).toBe(10_000);
    expect(link.droppedDown).toBe(10_000 - down);
    expect(link.droppedDown / 10_000).toBeGreaterThan(0.04);
    expect(link.droppedDown / 10_000).toBeLessThan(0.06);
  });

  test('datagrams arrive in arrival order: one sent after a late stream message overtakes it', () => {
    // one draw per message decides its loss (no jitter): the stream message's is lost, the datagram's is not
    const draws = [0.1, 0.9];
    const link = new SimulatedLink(
      { latencyMs: 20, jitterMs: 0, lossPct: 50, bandwidthKbps: 0 },
      () => draws.shift() ?? 0.5,
    );
    const seen: string[] = [];
    link.down(100, false, () => seen.push('stream'));
    vi.advanceTimersByTime(1);
    link.down(100, true, () => seen.push('datagram'));
    vi.advanceTimersByTime(25);
    expect(seen).toEqual(['datagram']);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(['datagram', 'stream']);
  });

  test('close forgets what is in flight', () => {
    const link = new SimulatedLink(NETWORK_PROFILES['4g'], seededRandom(1));
    let delivered = 0;
    link.up(10, () => delivered++);
    link.close();
    vi.advanceTimersByTime(1000);
    expect(delivered).toBe(0);
  });
});
