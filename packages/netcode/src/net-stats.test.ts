import { describe, expect, test } from 'vitest';
import { NET_METRICS, NET_STATS_BUCKET_MS, NET_STATS_POINTS, NetStats } from './net-stats';
import { RollingSeries } from './rolling-series';

const IDLE_FRAME = { bufferDepth: 0, extrapolationMs: 0 };

describe('NetStats', () => {
  test('turns a bucket of events into per-second rates', () => {
    const stats = new NetStats();
    stats.recordFrame(0, IDLE_FRAME);
    for (let i = 0; i < 15; i++) {
      stats.recordBytesIn(100);
      stats.recordSnapshot(100);
    }
    stats.recordBytesOut(30);
    stats.recordCorrection(0.5);
    stats.recordCorrection(2);
    stats.recordRtt(42);
    stats.recordFrame(NET_STATS_BUCKET_MS, IDLE_FRAME);
    const perS = 1000 / NET_STATS_BUCKET_MS;
    expect(stats.latest()).toMatchObject({
      rttMs: 42,
      snapshotsPerS: 15 * perS,
      bytesInPerS: 1500 * perS,
      bytesOutPerS: 30 * perS,
      bytesPerSnapshot: 100,
      correctionsPerS: 2 * perS,
      correctionUnits: 2,
      fps: 2 * perS,
    });
  });

  test('averages the interpolation depth and keeps the worst extrapolation of a bucket', () => {
    const stats = new NetStats();
    stats.recordFrame(0, { bufferDepth: 1, extrapolationMs: 0 });
    stats.recordFrame(100, { bufferDepth: 3, extrapolationMs: 40 });
    stats.recordFrame(NET_STATS_BUCKET_MS, { bufferDepth: 2, extrapolationMs: 10 });
    expect(stats.latest().bufferDepth).toBeCloseTo(2, 9);
    expect(stats.latest().extrapolationMs).toBe(40);
  });

  test('a bucket without snapshots keeps showing the last snapshot size, and zero rates', () => {
    const stats = new NetStats();
    stats.recordFrame(0, IDLE_FRAME);
    stats.recordSnapshot(80);
    stats.recordFrame(NET_STATS_BUCKET_MS, IDLE_FRAME);
    stats.recordFrame(2 * NET_STATS_BUCKET_MS, IDLE_FRAME);
    expect(stats.latest().bytesPerSnapshot).toBe(80);
    expect(stats.latest().snapshotsPerS).toBe(0);
  });

  test('keeps a bounded history for every metric', () => {
    const stats = new NetStats();
    for (let i = 0; i <= NET_STATS_POINTS + 10; i++) stats.recordFrame(i * NET_STATS_BUCKET_MS, IDLE_FRAME);
    for (const { key } of NET_METRICS) expect(stats.series(key).length).toBe(NET_STATS_POINTS);
  });
});

describe('RollingSeries', () => {
  test('forgets the oldest value beyond its capacity', () => {
    const series = new RollingSeries(3);
    for (const value of [1, 5, 2, 4]) series.push(value);
    expect(series.toArray()).toEqual([5, 2, 4]);
    expect(series.latest).toBe(4);
    expect(series.max).toBe(5);
  });
});
