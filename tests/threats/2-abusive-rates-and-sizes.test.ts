// THREATS.md §2: abusive rates and sizes. Real server, real Socket.IO clients, raw WebSockets.
import { request } from 'node:http';
import {
  arenaSocketParser,
  ErrorCode,
  encodeClientMessage,
  PLAYER_SPEED_UNITS_PER_S,
  PROTOCOL_VERSION,
  RECORD,
} from '@arena/protocol';
import { inputCreditCap, type RoomConnection } from '@arena/server';
import { waitFor, waitForTicks } from '@arena/testing';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, test } from 'vitest';
import type { TestClient } from '../support/test-client';
import { encodeFrame, RawArenaSocket, upgrade } from './support/raw-websocket';
import { ThreatServer } from './support/threat-server';

let t: ThreatServer;
afterEach(async () => {
  await t.stop();
});

/** A seat filler: a player that never reads, so snapshots get big without more sockets. */
const nobody: RoomConnection = { send() {}, roomClosed() {} };

/** What the server has queued for the socket of a seated player, in bytes (engine.io + ws). */
function queuedBytes(t: ThreatServer, socketId: string): number {
  const socket = t.server.io.of('/').sockets.get(socketId);
  if (socket === undefined) return 0;
  const conn = socket.conn as unknown as {
    writeBuffer: { data?: { length?: number } }[];
    transport: { socket?: { bufferedAmount?: number } };
  };
  const engine = conn.writeBuffer.reduce((sum, packet) => sum + (packet.data?.length ?? 0), 0);
  return engine + (conn.transport.socket?.bufferedAmount ?? 0);
}

describe('THREATS §2 abusive rates and sizes', () => {
  test('a frame over maxPacketBytes gets PAYLOAD_TOO_LARGE, then the connection is closed and the seat freed', async () => {
    t = await ThreatServer.start({ maxPacketBytes: 1024 });
    const client = await t.connect();
    const welcome = await client.join('any', 'big');
    const frame = new Uint8Array(1500).fill(0);
    frame[0] = 0x40 + RECORD.ping; // an Arena frame, so it takes the fast path
    client.sendRaw('m', frame);
    await client.waitFor(() => client.disconnectReason !== undefined, 'the disconnect');
    expect(client.ofType('error').at(-1)).toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE });
    await waitFor(() => t.server.directory.get(welcome.roomId)?.playerCount === 0, 'the seat freed');

    const other = await t.connect();
    other.sendRaw('m', 'x'.repeat(1500)); // a generic Socket.IO packet over the limit
    await other.waitFor(() => other.disconnectReason !== undefined, 'the second disconnect');
    expect(other.ofType('error').at(-1)?.code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
    expect(await t.metric('arena_refused_total', { code: ErrorCode.PAYLOAD_TOO_LARGE })).toBe(2);
  });

  test('a frame header claiming a terabyte closes the connection before any body is read; memory does not follow the claim', async () => {
    t = await ThreatServer.start({ maxPacketBytes: 1024 });
    const raw = t.track(await RawArenaSocket.open(t.url));
    const heapBefore = process.memoryUsage().heapUsed;
    raw.writeRaw(encodeFrame(2, new Uint8Array(0), 2 ** 40).subarray(0, 14)); // header only
    await raw.waitFor(() => raw.isClosed || raw.closeCode !== undefined, 'the server closing');
    expect(raw.closeCode).toBe(1009); // WebSocket "message too big"
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * 1024 * 1024);
    await waitFor(() => t.server.resources().engineClients === 0, 'the connection gone');
    expect(await t.metric('arena_refused_total', { code: ErrorCode.PAYLOAD_TOO_LARGE })).toBe(1);
  });

  test('an input flood is dropped beyond the message rate, and moves the player no faster than an honest one', async () => {
    t = await ThreatServer.start({ messageRatePerS: 60, messageBurst: 20, maxDroppedMessages: 100_000 });
    const roomId = await t.createRoom({ mode: 'bench', tickRateHz: 30 });
    const client = await t.connect();
    const welcome = await client.join(roomId, 'flood');
    await client.waitFor(() => client.worlds.length > 0, 'a snapshot');
    const me = () => client.latestWorld()!.world.players.find((p) => p.id === welcome.playerId)!;
    const start = { x: me().x, tick: client.latestWorld()!.tick };
    const direction = start.x < 1000 ? 1 : -1;
    const skippedBefore = await t.metric('arena_ticks_skipped_total');
    for (let i = 0; i < 2000; i++) client.input(direction, 0);
    // every input was either let through to the room or refused over the rate
    const room = t.server.directory.get(roomId)!;
    await waitFor(
      async () =>
        room.stats.inputsReceived +
          (await t.metric('arena_refused_total', { code: ErrorCode.RATE_LIMITED })) >=
        2000,
      'all 2000 inputs read',
    );
    await waitForTicks(() => client.latestWorld()!.tick, 2, 'snapshots after the last input');
    const end = { x: me().x, tick: client.latestWorld()!.tick };
    // one input's step, snapped down to the 1/16-unit position grid as the simulation does
    const step = Math.floor((PLAYER_SPEED_UNITS_PER_S / 30) * 16) / 16;
    // at most one input per tick period plus the input credit (input-queue.ts), whatever arrives;
    // the periods a stall made the loop skip (a busy machine) earn credit as ticks do
    const skipped = (await t.metric('arena_ticks_skipped_total')) - skippedBefore;
    expect(Math.abs(end.x - start.x)).toBeLessThanOrEqual(
      (end.tick - start.tick + skipped + inputCreditCap(30)) * step + 0.01,
    );
    expect(Math.abs(end.x - start.x)).toBeGreaterThan(0);
    const warnings = client.ofType('error').filter((e) => e.code === ErrorCode.RATE_LIMITED);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.length).toBeLessThanOrEqual(2); // at most one a second, however many are dropped
    expect(client.socket.connected).toBe(true);
    expect(await t.metric('arena_refused_total', { code: ErrorCode.RATE_LIMITED })).toBeGreaterThan(1500);
  });

  test('a sustained flood gets RATE_LIMITED and a disconnect, logged once', async () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = String(chunk);
      if (text.includes('ARENA_ERR_RATE_LIMITED')) lines.push(text);
      else return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      return true;
    }) as typeof process.stdout.write;
    try {
      t = await ThreatServer.start({ logLevel: 'info' });
      const client = await t.connect();
      for (let i = 0; i < 3000; i++) client.send({ type: 'ping', clientTimeMs: i });
      await client.waitFor(() => client.disconnectReason !== undefined, 'the disconnect');
      expect(client.ofType('error').at(-1)).toMatchObject({
        code: ErrorCode.RATE_LIMITED,
        message: expect.stringMatching(/sustained flood/),
      });
      expect(client.ofType('pong').length).toBeLessThan(400); // the excess was dropped unread
    } finally {
      process.stdout.write = write;
    }
    const refusalLines = lines.filter((line) => line.includes('refused a client'));
    expect(refusalLines).toHaveLength(1);
    expect(await t.metric('arena_refused_total', { code: ErrorCode.RATE_LIMITED })).toBeGreaterThan(400);
    expect(await t.metric('arena_clients_disconnected_total', { code: ErrorCode.RATE_LIMITED })).toBe(1);
  });

  test('join/leave spam is bounded per socket and per address, rooms are not multiplied, and a socket holds one seat at most', async () => {
    t = await ThreatServer.start({ joinRatePerMin: 6, ipJoinRatePerMin: 8 });
    const a = await t.connect();
    const join = (client: TestClient, roomId = 'any') =>
      client.send({ type: 'join', protocolVersion: PROTOCOL_VERSION, name: 'spam', roomId });
    await a.join('any', 'first');
    join(a);
    await a.waitFor(() => a.ofType('error').length === 1, 'the refusal');
    expect(a.ofType('error')[0]!.code).toBe(ErrorCode.ALREADY_IN_ROOM);
    for (let i = 0; i < 10; i++) {
      a.send({ type: 'leave' });
      join(a);
    }
    await a.waitFor(() => a.ofType('welcome').length + a.ofType('error').length >= 12, 'all answers');
    expect(a.ofType('welcome').length).toBe(5); // the burst of 5 joins, the first included
    expect(
      a
        .ofType('error')
        .slice(1)
        .every((e) => e.code === ErrorCode.RATE_LIMITED),
    ).toBe(true);
    expect(t.server.directory.size).toBe(1);

    const b = await t.connect(); // same address: 5 of its 8 joins a minute are spent
    for (let i = 0; i < 5; i++) {
      join(b);
      b.send({ type: 'leave' });
    }
    await b.waitFor(() => b.ofType('welcome').length + b.ofType('error').length >= 5, 'all answers');
    expect(b.ofType('welcome').length).toBe(3);
    expect(b.ofType('error').map((e) => e.message)).toEqual(
      Array(2).fill(expect.stringMatching(/your address/)),
    );
    expect(t.server.directory.size).toBe(1);
  });

  test('connections beyond maxConnectionsPerIp are refused at the handshake with RATE_LIMITED', async () => {
    t = await ThreatServer.start({ maxConnectionsPerIp: 3 });
    const clients = [await t.connect(), await t.connect(), await t.connect()];
    const refused = io(t.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      parser: arenaSocketParser,
    });
    await new Promise((resolve) => refused.once('connect_error', resolve));
    refused.close();
    const polling = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(403);
    expect(((await polling.json()) as { message: string }).message).toMatch(/^ARENA_ERR_RATE_LIMITED: /);
    const ws = await upgrade(t.url);
    expect(ws.status).toBe(400);
    expect(ws.body).toMatch(/^ARENA_ERR_RATE_LIMITED: /);
    clients[0]!.close();
    await waitFor(() => t.server.resources().connectionsCountedByIp === 2, 'the slot released');
    const again = await t.connect();
    expect(again.socket.connected).toBe(true);
    expect(await t.metric('arena_refused_total', { code: ErrorCode.RATE_LIMITED })).toBeGreaterThanOrEqual(3);
  });

  test('a trusted address (a load test machine) is exempt from the per-address limits, not from the per-socket ones', async () => {
    t = await ThreatServer.start({
      maxConnectionsPerIp: 2,
      ipJoinRatePerMin: 2,
      httpRatePerMin: 2,
      roomCreateRatePerMin: 1,
      trustedAddresses: '127.0.0.1,::1',
    });
    const clients = [];
    for (let i = 0; i < 4; i++) clients.push(await t.connect()); // twice the connection cap
    for (const [i, client] of clients.entries()) await client.join('any', `bot-${i}`); // twice the join rate
    expect(t.server.resources().connectionsCountedByIp).toBe(4);
    for (let i = 0; i < 4; i++) expect((await fetch(`${t.url}/api/rooms`)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const created = await fetch(`${t.url}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(created.status).toBe(201);
    }
    // per socket, nothing changes: a join/leave loop still runs out of its burst of 5
    const a = clients[0]!;
    for (let i = 0; i < 6; i++) {
      a.send({ type: 'leave' });
      a.send({ type: 'join', protocolVersion: PROTOCOL_VERSION, name: 'spam', roomId: 'any' });
    }
    await a.waitFor(() => a.ofType('error').some((e) => e.code === ErrorCode.RATE_LIMITED), 'RATE_LIMITED');
    expect(a.ofType('error').find((e) => e.code === ErrorCode.RATE_LIMITED)!.message).not.toMatch(
      /your address/,
    );
    expect(await t.metric('arena_refused_total', { code: ErrorCode.RATE_LIMITED })).toBeGreaterThanOrEqual(1);
  });

  test('a client that stops reading has its snapshots skipped, then gets SLOW_CONSUMER; its queue stays bounded and the others keep their tick', async () => {
    const skipBytes = 16_384;
    const maxBytes = 262_144;
    t = await ThreatServer.start({
      outboundSkipBytes: skipBytes,
      outboundMaxBytes: maxBytes,
      slowConsumerMs: 1000,
      maxPlayersPerRoom: 1000,
      // the outbound queue alone: these raw sockets never acknowledge a snapshot (7-deaf-clients)
      ackTimeoutMs: 0,
    });
    const roomId = await t.createRoom({ mode: 'bench', strategy: 'full', maxPlayers: 1000, tickRateHz: 120 });
    const room = t.server.directory.get(roomId)!;
    for (let i = 0; i < 900; i++) room.join(`filler${i}`, nobody); // ~11 KB snapshots, 120 a second
    // raw WebSockets: cheap to run beside the server, and one of them can simply stop reading
    const honest = t.track(await RawArenaSocket.open(t.url));
    honest.sendBinary(
      encodeClientMessage({ type: 'join', protocolVersion: PROTOCOL_VERSION, name: 'honest', roomId }),
    );
    const slow = t.track(await RawArenaSocket.open(t.url));
    slow.sendBinary(
      encodeClientMessage({ type: 'join', protocolVersion: PROTOCOL_VERSION, name: 'slow', roomId }),
    );
    await slow.waitFor(() => slow.ofType('welcome').length === 1, 'the slow player seated');
    const slowId = [...t.server.io.of('/').sockets.keys()].at(-1)!;
    slow.socket.pause(); // stop reading: the kernel buffers fill, then the server's
    const before = honest.ofType('snapshot').length;
    let maxQueued = 0;
    await waitFor(
      () => {
        maxQueued = Math.max(maxQueued, queuedBytes(t, slowId));
        return t.server.resources().sessions === 1;
      },
      'the slow consumer dropped',
      { timeoutMs: 30_000 },
    );
    const honestTicks = honest
      .ofType('snapshot')
      .slice(before)
      .map((snapshot) => snapshot.tick);
    expect(maxQueued).toBeLessThanOrEqual(maxBytes + 16 * 1024); // bounded: one message past the cap at most
    expect(await t.metric('arena_snapshots_skipped_total')).toBeGreaterThan(0);
    expect(await t.metric('arena_refused_total', { code: ErrorCode.SLOW_CONSUMER })).toBe(1);
    expect(await t.metric('arena_clients_disconnected_total', { code: ErrorCode.SLOW_CONSUMER })).toBe(1);
    // the honest player got a snapshot for (nearly) every tick meanwhile: nobody waited on the slow one
    expect(honestTicks.length).toBeGreaterThan(30);
    const gaps = honestTicks.slice(1).map((tick, i) => tick - honestTicks[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5);
    expect(room.isClosed).toBe(false);
    expect(room.awayCount).toBe(1); // SLOW_CONSUMER keeps the seat for a rejoin
  }, 60_000);

  test('per-message deflate is never negotiated and polling is not compressed, so no frame can inflate', async () => {
    t = await ThreatServer.start();
    const ws = await upgrade(t.url, {
      'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits',
    });
    expect(ws.status).toBe(101);
    expect(ws.headers['sec-websocket-extensions']).toBeUndefined();
    ws.socket?.destroy();
    const polling = await new Promise<{ encoding: string | undefined }>((resolve, reject) => {
      const req = request(new URL('/socket.io/?EIO=4&transport=polling', t.url), {
        headers: { 'Accept-Encoding': 'gzip, deflate, br' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve({ encoding: res.headers['content-encoding'] });
      });
      req.on('error', reject);
      req.end();
    });
    expect(polling.encoding).toBeUndefined();
  });
});
