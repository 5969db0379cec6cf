import { once } from 'node:events';
import { connect } from 'node:net';
import { type ArenaServer, createArenaServer } from '@arena/server';
import { waitFor } from '@arena/testing';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { Bot, type BotSink } from '../bots/bot';
import { handshakeRefusal } from '../bots/handshake-refusal';
import { scrapeServer, serverWindow } from '../metrics/server-scrape';
import { ensureBenchRoom, waitRoomEmpty } from './room-setup';

let server: ArenaServer;
let url: string;
const bots: Bot[] = [];

beforeEach(async () => {
  // A load test's machine is trusted, as `pnpm bench` starts its server: bench rooms are for it.
  server = await createArenaServer({
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    trustedAddresses: '127.0.0.1,::1',
  });
  url = await server.listen();
});
afterEach(async () => {
  for (const bot of bots.splice(0)) bot.stop();
  await server.shutdown();
});

function recordingSink() {
  const seen = {
    bytes: 0,
    observerBytes: 0,
    frames: 0,
    inputs: 0,
    snapshots: 0,
    latencies: [] as number[],
    errors: [] as string[],
  };
  const sink: BotSink = {
    bytes(count, isObserver) {
      seen.bytes += count;
      if (isObserver) seen.observerBytes += count;
    },
    frame: () => seen.frames++,
    inputSent: () => seen.inputs++,
    snapshotDecoded: () => seen.snapshots++,
    ackLatency: (ms) => seen.latencies.push(ms),
    error: (where, message) => seen.errors.push(`${where}: ${message}`),
    disconnected: (reason) => seen.errors.push(`disconnected: ${reason}`),
  };
  return { seen, sink };
}

test('creates the bench room once, then reuses it, and refuses one at another tick rate', async () => {
  const created = await ensureBenchRoom(url, 'bench', 30, 10, true);
  expect(created).toMatchObject({ id: 'bench', mode: 'bench', tickRateHz: 30, snapshotRateHz: 30 });
  expect((await ensureBenchRoom(url, 'bench', 30, 10, true)).id).toBe('bench');
  await expect(ensureBenchRoom(url, 'bench', 60, 10, true)).rejects.toThrow(/ticks at 30 Hz/);
  await expect(ensureBenchRoom(url, 'nope', 30, 10, false)).rejects.toThrow(/no room "nope"/);
  expect(await waitRoomEmpty(url, 'bench', 1000)).toBe(true);
});

test('an observer and a raw-counting bot play, count bytes alike and time acks; /metrics sees it', async () => {
  await ensureBenchRoom(url, 'bench', 30, 10, true);
  const before = await scrapeServer(url, 'bench');
  const observer = recordingSink();
  const raw = recordingSink();
  const options = { url, roomId: 'bench', tickHz: 30, rawReceive: true, connectTimeoutMs: 5000 };
  const a = new Bot({ ...options, name: 'observer', isObserver: true }, observer.sink);
  const b = new Bot({ ...options, name: 'counter', isObserver: false }, raw.sink);
  bots.push(a, b);
  await Promise.all([a.connect(), b.connect()]);
  a.measuring = true;
  b.measuring = true;
  a.startInputs();
  b.startInputs();
  await waitFor(() => observer.seen.latencies.length >= 20 && raw.seen.frames >= 20, 'acks and frames');

  expect(observer.seen.errors).toEqual([]);
  expect(raw.seen.errors).toEqual([]);
  expect(observer.seen.snapshots).toBeGreaterThan(0);
  expect(raw.seen.snapshots).toBe(0); // it never decodes
  expect(observer.seen.latencies.every((ms) => Number.isFinite(ms) && ms >= 0 && ms < 2000)).toBe(true);
  // Same room, same snapshots: per-frame bytes agree to within a few percent.
  const perFrame = (s: typeof observer.seen) => s.bytes / s.frames;
  expect(perFrame(raw.seen) / perFrame(observer.seen)).toBeGreaterThan(0.7);
  expect(perFrame(raw.seen) / perFrame(observer.seen)).toBeLessThan(1.3);

  const after = await scrapeServer(url, 'bench');
  const window = serverWindow(before, after);
  expect(after.players).toBe(2);
  expect(window.ticks).toBeGreaterThan(0);
  expect(window.tickHz).toBeGreaterThan(10);
  expect(window.tickMsP50).toBeGreaterThan(0);
  expect(window.inputsApplied).toBeGreaterThan(0);
  expect(window.messagesIn).toBeGreaterThanOrEqual(observer.seen.inputs);
  expect(after.cpuSeconds).toBeGreaterThan(0);
});

test('a bot that cannot join says why', async () => {
  await ensureBenchRoom(url, 'bench', 30, 1, true);
  const { sink } = recordingSink();
  const bot = new Bot(
    {
      url,
      roomId: 'no-such-room',
      name: 'lost',
      tickHz: 30,
      isObserver: true,
      rawReceive: true,
      connectTimeoutMs: 3000,
    },
    sink,
  );
  bots.push(bot);
  await expect(bot.connect()).rejects.toThrow(/ARENA_ERR/);
});

test('a bot refused at the handshake reports the server reason, not "websocket error"', async () => {
  const limited = await createArenaServer({
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    maxConnectionsPerIp: 1,
  });
  const limitedUrl = await limited.listen();
  try {
    const options = { url: limitedUrl, roomId: 'any', tickHz: 30, rawReceive: false, connectTimeoutMs: 5000 };
    const first = new Bot({ ...options, name: 'first', isObserver: false }, recordingSink().sink);
    const second = new Bot({ ...options, name: 'second', isObserver: false }, recordingSink().sink);
    bots.push(first, second);
    await first.connect();
    await expect(second.connect()).rejects.toThrow(
      /connect_error: ARENA_ERR_RATE_LIMITED: too many connections from your address \(at most 1\)/,
    );
    // With a slot free the probe is accepted, and it closes its session at once.
    first.stop();
    await waitFor(() => limited.resources().connectionsCountedByIp === 0, 'the slot freed');
    expect(await handshakeRefusal(limitedUrl)).toBeUndefined();
    await waitFor(() => limited.resources().connectionsCountedByIp === 0, 'the probe closed');
  } finally {
    await limited.shutdown();
  }
});

test('a probe refused at accept (its address holds every TCP slot it may) reports the server reason too', async () => {
  const limited = await createArenaServer({
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    maxConnectionsPerIp: 1,
  });
  const limitedUrl = await limited.listen();
  const port = Number(new URL(limitedUrl).port);
  // twice maxConnectionsPerIp: silent TCP connections hold every slot of 127.0.0.1
  const held = [connect(port, '127.0.0.1'), connect(port, '127.0.0.1')];
  try {
    await Promise.all(held.map((socket) => once(socket, 'connect')));
    await waitFor(() => limited.resources().tcpConnections === 2, 'both connections counted');
    expect(await handshakeRefusal(limitedUrl)).toMatch(
      /^ARENA_ERR_RATE_LIMITED: too many open connections from your address \(at most 2\)/,
    );
  } finally {
    for (const socket of held) socket.destroy();
    await limited.shutdown();
  }
});
