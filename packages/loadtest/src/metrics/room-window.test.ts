import { expect, test } from 'vitest';
import { roomsWindow } from './room-window';
import type { RoomScrape, ServerScrape } from './server-scrape';

function scrape(atMs: number, cpuSeconds: number, rooms: Record<string, [number, number?]>): ServerScrape {
  const roomFigures = new Map<string, RoomScrape>(
    Object.entries(rooms).map(([id, [ticks, p99]]) => [
      id,
      { ticks, tickP50Seconds: undefined, tickP99Seconds: p99 === undefined ? undefined : p99 / 1000 },
    ]),
  );
  const total = Object.values(rooms).reduce((sum, [ticks]) => sum + ticks, 0);
  return {
    atMs,
    cpuSeconds,
    roomTicks: total,
    ticks: total,
    tickBuckets: [],
    overruns: 0,
    skipped: 0,
    players: 0,
    clients: 0,
    rooms: roomFigures.size,
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
    roomFigures,
  };
}

test('mean room ticks, the slowest room, and the worst room p99 over the run rooms only', () => {
  const a = scrape(0, 1, { 'b-0': [100], 'b-1': [100], 'b-2': [0], other: [5000] });
  const b = scrape(10_000, 3, { 'b-0': [700, 2], 'b-1': [640, 6], 'b-2': [600, 3], other: [9000, 50] });
  const w = roomsWindow(a, b, ['b-0', 'b-1', 'b-2']);
  expect(w.rooms.map((r) => r.ticks)).toEqual([600, 540, 600]);
  expect(w.ticks).toBe(580);
  expect(w.tickHz).toBe(58);
  expect(w.worstRoomTickHz).toBe(54);
  expect(w.worstRoomTickMsP99).toBe(6);
  expect(w.worstRoomTickP99Id).toBe('b-1');
  expect(w.cpuSeconds).toBe(2);
});

test('a room created after the first scrape counts from 0; one gone by the last ticked 0 more', () => {
  const a = scrape(0, 0, { 'b-0': [100] });
  const b = scrape(1000, 0, { 'b-1': [60, 1] });
  const w = roomsWindow(a, b, ['b-0', 'b-1']);
  expect(w.rooms.map((r) => r.ticks)).toEqual([0, 60]);
  expect(w.worstRoomTickHz).toBe(0);
  expect(w.rooms[0]!.tickMsP99).toBeUndefined();
});
