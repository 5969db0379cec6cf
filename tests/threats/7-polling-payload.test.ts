// Issue 15, item 8: a long-polling client posts many packets in one HTTP request. An honest one
// (which packs its POSTs to the server's maxPayload by its own estimate) is never refused; one
// whose POST is beyond what an honest client sends hears PAYLOAD_TOO_LARGE, not a bare 413.

import {
  arenaSocketParser,
  type ClientMessage,
  decodeServerMessage,
  ErrorCode,
  encodeClientMessage,
  PROTOCOL_VERSION,
  type ServerMessage,
} from '@arena/protocol';
import { waitFor } from '@arena/testing';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, test } from 'vitest';
import { ThreatServer } from './support/threat-server';

let t: ThreatServer;
// more than one POST packed to maxPayload (8 KiB by default) holds: 1638 of these pings
const PINGS = 2000;
const pollers: Socket[] = [];
afterEach(async () => {
  for (const socket of pollers.splice(0)) socket.close();
  await t.stop();
});

/** A socket.io-client on long-polling only, recording the Arena messages it receives. */
function pollingClient(url: string): {
  socket: Socket;
  received: ServerMessage[];
  send: (m: ClientMessage) => void;
} {
  const socket = io(url, {
    transports: ['polling'],
    reconnection: false,
    forceNew: true,
    parser: arenaSocketParser,
  });
  pollers.push(socket);
  const received: ServerMessage[] = [];
  socket.on('m', (data: unknown) => {
    const decoded = decodeServerMessage(data);
    if (decoded.ok) received.push(decoded.value);
  });
  return { socket, received, send: (message) => socket.emit('m', encodeClientMessage(message)) };
}

/**
 * Sends `count` pings in one go: the first goes alone, the rest wait in engine.io-client's buffer
 * for the next POST. A ping stamped under 128 ms is 2 bytes, which engine.io-client counts as 3
 * toward maxPayload (4/3 per byte for base64) and which take 5 on the wire ("b" and 4 base64
 * characters): a POST it packs to maxPayload by its count is a fifth larger.
 */
function queuePings(send: (m: ClientMessage) => void, count: number): void {
  for (let i = 0; i < count; i++) send({ type: 'ping', clientTimeMs: i % 100 });
}

/** A room with a WebSocket player, and a polling-only client seated beside it. */
async function pollerBesideAPlayer() {
  t = await ThreatServer.start({ messageRatePerS: 10_000, messageBurst: 10_000 });
  const roomId = await t.createRoom({ mode: 'bench' });
  const other = await t.connect();
  await other.join(roomId, 'other');
  const poller = pollingClient(t.url);
  await waitFor(() => poller.socket.connected, 'the polling client connected');
  poller.send({ type: 'join', protocolVersion: PROTOCOL_VERSION, name: 'poller', roomId });
  await waitFor(() => poller.received.some((m) => m.type === 'welcome'), 'the poller seated');
  return { other, poller };
}

describe('THREATS §7 polling clients lose words', () => {
  test('an honest polling client that queues hundreds of messages has every one accepted, not a bare 413; the room plays on', async () => {
    const { other, poller } = await pollerBesideAPlayer();

    queuePings(poller.send, PINGS);
    await waitFor(
      () => poller.received.filter((m) => m.type === 'pong').length === PINGS || !poller.socket.connected,
      'every pong, or a disconnect',
    );
    expect(poller.received.filter((m) => m.type === 'error')).toEqual([]);
    expect(poller.received.filter((m) => m.type === 'pong')).toHaveLength(PINGS);
    expect(poller.socket.connected).toBe(true);
    await other.waitForTicks(3);
    expect(other.latestWorld()!.world.players).toHaveLength(2);
  });

  test('a polling POST beyond what an honest client sends gets PAYLOAD_TOO_LARGE on its poll before the disconnect, not a bare 413; the seat is freed and the room plays on', async () => {
    const { other, poller } = await pollerBesideAPlayer();
    await other.waitFor(() => other.latestWorld()?.world.players.length === 2, 'the poller in a snapshot');
    let reason: string | undefined;
    poller.socket.on('disconnect', (why) => {
      reason = why;
    });
    // a client that ignores the maxPayload the handshake announced packs everything in one POST
    (poller.socket.io.engine as unknown as { _maxPayload: number })._maxPayload = 1e9;

    queuePings(poller.send, 10 * PINGS);
    await waitFor(() => reason !== undefined, 'the poller disconnected');
    expect(poller.received.filter((m) => m.type === 'error').map((m) => m.code)).toEqual([
      ErrorCode.PAYLOAD_TOO_LARGE,
    ]);
    expect(reason).toBe('io server disconnect');
    // nothing of the refused POST was read, and the seat is freed
    expect(poller.received.filter((m) => m.type === 'pong').length).toBeLessThanOrEqual(1);
    await other.waitFor(() => other.latestWorld()!.world.players.length === 1, 'the seat freed');
    await other.waitForTicks(3);
    expect(await t.metric('arena_refused_total', { code: ErrorCode.PAYLOAD_TOO_LARGE })).toBe(1);
  });
});
