import { describe, expect, test } from 'vitest';
import { clusterWindow, worstScrape } from './cluster-window';
import { type ServerScrape, serverWindow } from './server-scrape';

function scrape(atMs: number, figures: Partial<ServerScrape>): ServerScrape {
  return {
    atMs,
    cpuSeconds: 0,
    roomTicks: 0,
    ticks: 0,
    tickBuckets: [],
    overruns: 0,
    skipped: 0,
    players: 0,
    clients: 0,
    rooms: 0,
    bytesIn: 0,
    bytesOut: 0,
    messagesIn: 0,
    messagesOut: 0,
    inputsApplied: 0,
    inputsDropped: 0,
    refused: 0,
    eventLoopLagP99Seconds: undefined,
    rssBytes: undefined,
    roomTickP50Seconds: undefined,
    roomTickP99Seconds: undefined,
    datagram: { clients: 0, channelsOpened: 0, channelsFailed: 0, datagramsOut: 0, snapshotsOversized: 0 },
    roomFigures: new Map(),
    ...figures,
  };
}

describe('clusterWindow', () => {
  test('one server: exactly its own window', () => {
    const a = [scrape(0, {})];
    const b = [scrape(10_000, { roomTicks: 600, cpuSeconds: 2 })];
    expect(clusterWindow(a, b)).toEqual(serverWindow(a[0]!, b[0]!));
  });

  test('two nodes: the slowest tick rate and busiest process decide; CPU and traffic add up', () => {
    const a = [scrape(0, {}), scrape(0, {})];
    const b = [
      scrape(10_000, { roomTicks: 600, cpuSeconds: 3, bytesOut: 100 }),
      scrape(10_000, { roomTicks: 560, cpuSeconds: 5, bytesOut: 50 }),
    ];
    const w = clusterWindow(a, b);
    expect(w.tickHz).toBeCloseTo(56);
    expect(w.cpuPct).toBeCloseTo(50);
    expect(w.cpuSeconds).toBeCloseTo(8);
    expect(w.ticks).toBe(580); // one room's ticks: CPU per client tick = total CPU / (all bots x ticks)
    expect(w.bytesOut).toBe(150);
  });

  test('end-of-run gauges keep the worst node', () => {
    const worst = worstScrape([
      scrape(0, { rssBytes: 10, roomTickP99Seconds: 0.004 }),
      scrape(0, { rssBytes: 30, roomTickP99Seconds: 0.002 }),
    ]);
    expect(worst).toMatchObject({ rssBytes: 30, roomTickP99Seconds: 0.004 });
  });
});
