// A deaf client: it stops reading its socket but keeps answering engine.io pings, so the
// heartbeat thinks it alive, and the kernel's buffers hide its backlog from the server's queue
// for minutes. Liveness comes from the game instead: a seated player whose acknowledged snapshot
// stops advancing for --ack-timeout-ms is dropped with SLOW_CONSUMER (its seat kept for a
// rejoin), while honest players, those that send no inputs included, are never touched.
import { ErrorCode, encodeClientMessage, PROTOCOL_VERSION } from '@arena/protocol';
import type { Room } from '@arena/server';
import { waitFor, waitForTicks } from '@arena/testing';
import { afterEach, describe, expect, test } from 'vitest';
import type { TestClient } from '../support/test-client';
import { RawArenaSocket } from './support/raw-websocket';
import { ThreatServer } from './support/threat-server';

let t: ThreatServer;
const timers: ReturnType<typeof setInterval>[] = [];
afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer);
  await t.stop();
});

const TICK_RATE_HZ = 60;
const ACK_TIMEOUT_MS = 3000;
/** Far above the ack timeout and its once-a-second sweep, even on a busy machine. */
const DROPPED_WITHIN_MS = 30_000;

/** Sends one input per tick period from a timer, as a playing client does; stopped after the test. */
function keepPlaying(client: TestClient): void {
  timers.push(setInterval(() => client.input(1, 0), 1000 / TICK_RATE_HZ));
}

/** A raw WebSocket player that joins `roomId` and has received a snapshot. */
async function seatedRaw(roomId: string, name: string): Promise<RawArenaSocket> {
  const raw = t.track(await RawArenaSocket.open(t.url));
  raw.sendBinary(encodeClientMessage({ type: 'join', protocolVersion: PROTOCOL_VERSION, name, roomId }));
  await raw.waitFor(() => raw.ofType('snapshot').length > 0, `${name} seated and sent a snapshot`);
  return raw;
}

describe('THREATS: deaf clients', () => {
  test('a client that stops reading but answers the heartbeat is dropped with SLOW_CONSUMER within the ack timeout, told first, its seat kept for a rejoin; honest players, one that sends no inputs included, play on', async () => {
    t = await ThreatServer.start({
      ackTimeoutMs: ACK_TIMEOUT_MS,
      // a heartbeat that would drop, within the test, a client that stopped answering it
      pingIntervalMs: 1000,
      pingTimeoutMs: 10_000,
      reconnectGraceMs: 60_000,
    });
    const roomId = await t.createRoom({ mode: 'arena', tickRateHz: TICK_RATE_HZ });
    const room: Room = t.server.directory.get(roomId)!;
    const honest = await t.connect();
    const honestWelcome = await honest.join(roomId, 'honest');
    keepPlaying(honest);
    // no inputs at all (a hidden tab, a player who went for coffee): it only acknowledges
    const idle = await t.connect();
    await idle.join(roomId, 'idle');

    const deaf = await seatedRaw(roomId, 'deaf');
    const deafWelcome = deaf.ofType('welcome')[0]!;
    deaf.socket.pause(); // reads nothing more: snapshots pile up in the kernel's buffers
    // ...but answers the heartbeat blind, as the attacker did by hand
    timers.push(setInterval(() => deaf.sendText('3'), 250));

    await waitFor(() => room.awayCount === 1, 'the deaf player dropped, its seat kept', {
      timeoutMs: DROPPED_WITHIN_MS,
    });
    expect(room.playerCount).toBe(3);
    expect(await t.metric('arena_clients_disconnected_total', { code: ErrorCode.SLOW_CONSUMER })).toBe(1);
    expect(await t.metric('arena_refused_total', { code: ErrorCode.SLOW_CONSUMER })).toBe(1);

    // it hears why before the disconnect: the error is in its stream, after the snapshots it never read
    deaf.socket.resume();
    await deaf.waitFor(
      () => deaf.ofType('error').some((error) => error.code === ErrorCode.SLOW_CONSUMER),
      'the SLOW_CONSUMER error, read late',
    );
    expect(deaf.ofType('error').at(-1)!.message).toMatch(/no snapshot acknowledged/);
    await deaf.waitFor(() => deaf.isClosed, 'the deaf connection closed');

    // the honest ones, the idle one included, stay seated for several ack timeouts more
    await waitForTicks(
      () => room.tickCount,
      (3 * ACK_TIMEOUT_MS * TICK_RATE_HZ) / 1000,
      'three ack timeouts',
      {
        timeoutMs: DROPPED_WITHIN_MS,
      },
    );
    expect(honest.disconnectReason).toBeUndefined();
    expect(idle.disconnectReason).toBeUndefined();
    expect(honest.ofType('error')).toEqual([]);
    expect(idle.ofType('error')).toEqual([]);
    expect(room.playerCount).toBe(3);
    expect(room.awayCount).toBe(1);
    expect(await t.metric('arena_clients_disconnected_total', { code: ErrorCode.SLOW_CONSUMER })).toBe(1);
    // and the honest player's game went on: its inputs are applied, its snapshots keep coming
    const seqBefore = honest.latestWorld()!.ackSeq;
    await honest.waitForTicks(30);
    expect(honest.latestWorld()!.ackSeq).toBeGreaterThan(seqBefore);
    expect(honest.latestWorld()!.world.players.some((p) => p.id === honestWelcome.playerId)).toBe(true);

    // an honest client that was only stalled takes its seat back with its token
    const back = await t.connect();
    back.send({ type: 'rejoin', protocolVersion: PROTOCOL_VERSION, seatToken: deafWelcome.seatToken! });
    const rejoined = await back.waitForMessage('welcome');
    expect(rejoined.playerId).toBe(deafWelcome.playerId);
    expect(room.awayCount).toBe(0);
  }, 90_000);

  test('with --ack-timeout-ms 0 the check is off: a client that never acknowledges keeps its seat', async () => {
    t = await ThreatServer.start({ ackTimeoutMs: 0 });
    const roomId = await t.createRoom({ mode: 'arena', tickRateHz: TICK_RATE_HZ });
    const room: Room = t.server.directory.get(roomId)!;
    const silent = await seatedRaw(roomId, 'silent'); // reads, answers pings, never acks
    await waitForTicks(
      () => room.tickCount,
      (2 * ACK_TIMEOUT_MS * TICK_RATE_HZ) / 1000,
      'twice the timeout above',
    );
    expect(silent.isClosed).toBe(false);
    expect(room.awayCount).toBe(0);
    expect(silent.ofType('error')).toEqual([]);
  });
});
