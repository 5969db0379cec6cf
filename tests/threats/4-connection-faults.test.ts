// THREATS.md §4: connection faults: drops and rejoins, seat tokens, two tabs, flaps, origins.
import { arenaSocketParser, ErrorCode, encodeClientMessage, PROTOCOL_VERSION } from '@arena/protocol';
import { waitFor } from '@arena/testing';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, test } from 'vitest';
import type { TestClient } from '../support/test-client';
import { RawArenaSocket, upgrade } from './support/raw-websocket';
import { ThreatServer } from './support/threat-server';

let t: ThreatServer;
afterEach(async () => {
  await t.stop();
});

/** Seats a player on a raw WebSocket (so the test can cut its TCP connection like a network would). */
async function rawPlayer(
  roomId: string,
  name: string,
): Promise<{ raw: RawArenaSocket; playerId: number; token: string }> {
  const raw = t.track(await RawArenaSocket.open(t.url));
  raw.sendBinary(encodeClientMessage({ type: 'join', protocolVersion: PROTOCOL_VERSION, name, roomId }));
  await raw.waitFor(() => raw.ofType('welcome').length === 1, 'the welcome');
  const welcome = raw.ofType('welcome')[0]!;
  return { raw, playerId: welcome.playerId, token: welcome.seatToken! };
}

function rejoin(client: TestClient, seatToken: string): void {
  client.send({ type: 'rejoin', protocolVersion: PROTOCOL_VERSION, seatToken });
}

describe('THREATS §4 connection faults', () => {
  test('a player who drops mid-match and rejoins within the grace period gets the same player, position and score back, with no duplicate', async () => {
    t = await ThreatServer.start({ reconnectGraceMs: 10_000 });
    const roomId = await t.createRoom({ mode: 'bench', tickRateHz: 30, strategy: 'full' });
    const room = t.server.directory.get(roomId)!;
    const watcher = await t.connect();
    await watcher.join(roomId, 'watcher');
    const dropper = await rawPlayer(roomId, 'dropper');
    for (let seq = 1; seq <= 5; seq++) {
      dropper.raw.sendBinary(
        encodeClientMessage({
          type: 'input',
          seq,
          moveX: 1,
          moveY: 0.5,
          aim: 1,
          fire: false,
          clientTimeMs: 0,
          lastSnapshotTick: 0,
        }),
      );
    }
    await dropper.raw.waitFor(
      () => dropper.raw.ofType('snapshot').at(-1)?.ackSeq === 5,
      'the inputs applied',
    );
    await watcher.waitForTicks(2); // the watcher's newest snapshot shows the five inputs applied
    const seen = () => watcher.latestWorld()!.world.players.find((p) => p.id === dropper.playerId);
    const before = { ...seen()! };

    dropper.raw.close(); // the network goes: no leave, no Socket.IO disconnect
    await waitFor(() => room.awayCount === 1, 'the seat held for a rejoin');
    expect(room.playerCount).toBe(2);
    await watcher.waitForTicks(6);
    expect(seen()).toMatchObject({ x: before.x, y: before.y, score: before.score }); // still there, standing still

    const back = await t.connect();
    rejoin(back, dropper.token);
    const welcome = await back.waitForMessage('welcome');
    expect(welcome.playerId).toBe(dropper.playerId);
    expect(welcome.seatToken).not.toBe(dropper.token); // a token works once
    expect(welcome.players.map((p) => p.id).sort()).toEqual(
      [dropper.playerId, watcher.welcome!.playerId].sort(),
    );
    await back.waitFor(() => back.worlds.length > 0, 'a snapshot');
    const mine = back.latestWorld()!.world.players.find((p) => p.id === dropper.playerId)!;
    expect(mine).toMatchObject({ x: before.x, y: before.y, score: before.score, hp: before.hp });
    expect(back.latestWorld()!.world.players).toHaveLength(2);
    expect(room.awayCount).toBe(0);
    const events = watcher.ofType('events').flatMap((m) => m.events);
    expect(events.filter((e) => e.kind === 'leave')).toEqual([]);
    expect(events.filter((e) => e.kind === 'join' && e.playerId === dropper.playerId)).toHaveLength(1);
    // inputs start again at seq 1 and move the same player
    back.input(1, 0);
    await back.waitFor(() => back.latestWorld()!.ackSeq === 1, 'the first input after the rejoin');
  });

  test('after the grace period the seat is freed, the empty room disposed, and the token refused', async () => {
    t = await ThreatServer.start({ reconnectGraceMs: 300, roomIdleTimeoutMs: 200 });
    const roomId = await t.createRoom({ mode: 'arena' });
    const dropper = await rawPlayer(roomId, 'gone');
    dropper.raw.close();
    await waitFor(() => t.server.directory.get(roomId) === undefined, 'the room disposed');
    const late = await t.connect();
    rejoin(late, dropper.token);
    const error = await late.waitForMessage('error');
    expect(error.code).toBe(ErrorCode.BAD_SEAT);
  });

  test('a wrong, foreign, malformed or replayed seat token gets BAD_SEAT and leaves the real seat and its grace timer untouched', async () => {
    t = await ThreatServer.start({ reconnectGraceMs: 1500, maxBadMessages: 10 });
    const roomId = await t.createRoom({ mode: 'arena' });
    const room = t.server.directory.get(roomId)!;
    const victim = await rawPlayer(roomId, 'victim');
    victim.raw.close();
    await waitFor(() => room.awayCount === 1, 'the seat held');
    const [, id] = victim.token.split('.');
    const attacker = await t.connect();
    const forged = [
      `${roomId}.${id}.${'A'.repeat(22)}`, // right seat, guessed secret
      `${roomId}.${Number(id) + 1}.${victim.token.split('.')[2]}`, // right secret, another seat
      `elsewhere.${id}.${victim.token.split('.')[2]}`, // another room
      'not-a-token',
    ];
    for (const token of forged) rejoin(attacker, token);
    await attacker.waitFor(() => attacker.ofType('error').length === forged.length, 'the refusals');
    expect(attacker.ofType('error').map((e) => e.code)).toEqual(
      Array(forged.length).fill(ErrorCode.BAD_SEAT),
    );
    expect(room.awayCount).toBe(1);
    expect(room.playerCount).toBe(1);

    const owner = await t.connect();
    rejoin(owner, victim.token);
    const welcome = await owner.waitForMessage('welcome');
    expect(welcome.playerId).toBe(victim.playerId);
    rejoin(attacker, victim.token); // replay of the used token
    await attacker.waitFor(() => attacker.ofType('error').length === forged.length + 1, 'the replay refused');
    expect(attacker.ofType('error').at(-1)!.code).toBe(ErrorCode.BAD_SEAT);
    const snapshots = owner.worlds.length;
    await owner.waitFor(() => owner.worlds.length > snapshots + 3, 'the owner still playing');
    expect(owner.ofType('error')).toEqual([]);

    // drop again: attempts with stale tokens must not hold the seat past its grace period
    owner.close();
    await waitFor(() => room.awayCount === 1, 'held again');
    rejoin(attacker, victim.token);
    rejoin(attacker, `${roomId}.${id}.${'B'.repeat(22)}`);
    await attacker.waitFor(() => attacker.ofType('error').length === forged.length + 3, 'refused again');
    await waitFor(() => room.playerCount === 0, 'the seat freed on time', { timeoutMs: 5000 });
  });

  test('the same seat from two tabs: the newest rejoin wins and the other tab gets BAD_SEAT, staying connected', async () => {
    t = await ThreatServer.start();
    const tab1 = await t.connect();
    const first = await tab1.join('any', 'twin');
    const tab2 = await t.connect();
    rejoin(tab2, first.seatToken!);
    const second = await tab2.waitForMessage('welcome');
    expect(second.playerId).toBe(first.playerId);
    await tab1.waitFor(() => tab1.ofType('error').length === 1, 'the takeover notice');
    expect(tab1.ofType('error')[0]).toMatchObject({
      code: ErrorCode.BAD_SEAT,
      message: expect.stringMatching(/taken over/),
    });
    expect(tab1.socket.connected).toBe(true);
    const room = t.server.directory.get(first.roomId)!;
    expect(room.playerCount).toBe(1);
    const tab1Snapshots = tab1.worlds.length;
    await tab2.waitFor(() => tab2.worlds.length > 5, 'tab 2 playing');
    expect(tab1.worlds.length).toBeLessThanOrEqual(tab1Snapshots + 1);
    rejoin(tab1, first.seatToken!); // the old tab tries its (used) token
    await tab1.waitFor(() => tab1.ofType('error').length === 2, 'refused');
    expect(tab1.ofType('error')[1]!.code).toBe(ErrorCode.BAD_SEAT);
    expect(tab2.ofType('error')).toEqual([]);
  });

  test('transport flaps, failed upgrades and ping timeouts are cleaned up exactly once: no sessions, guards, adapter rooms or counted connections left', async () => {
    // Short pings find the silent peer quickly; the timeout still leaves the watcher (this test's
    // own client, answering pings from a busy process) two seconds before it too is dropped.
    t = await ThreatServer.start({ reconnectGraceMs: 0, pingIntervalMs: 200, pingTimeoutMs: 2000 });
    const roomId = await t.createRoom({ mode: 'arena' });
    const watcher = await t.connect();
    await watcher.join(roomId, 'watcher');
    const baseline = t.server.resources();

    // 1. polling, upgraded to WebSocket, then the transport cut mid-game
    const flapper = io(t.url, {
      transports: ['polling', 'websocket'],
      reconnection: false,
      forceNew: true,
      parser: arenaSocketParser,
    });
    await new Promise<void>((resolve) => flapper.once('connect', () => resolve()));
    flapper.emit(
      'm',
      encodeClientMessage({ type: 'join', protocolVersion: PROTOCOL_VERSION, name: 'flapper', roomId }),
    );
    await waitFor(() => t.server.directory.get(roomId)!.playerCount === 2, 'the flapper seated');
    await waitFor(() => flapper.io.engine.transport.name === 'websocket', 'the upgrade');
    (flapper.io.engine.transport as unknown as { ws: { _socket: { destroy(): void } } }).ws._socket.destroy();

    // 2. a failed upgrade: a polling session whose WebSocket upgrade is dropped half way
    const handshake = await (await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`)).text();
    const sid = (JSON.parse(handshake.slice(1)) as { sid: string }).sid;
    const half = await upgrade(t.url, {}, `EIO=4&transport=websocket&sid=${sid}`);
    expect(half.status).toBe(101);
    half.socket!.destroy();
    const unknown = await upgrade(t.url, {}, 'EIO=4&transport=websocket&sid=nope');
    expect(unknown.status).toBe(400);

    // 3. a peer that stops answering pings
    const silent = t.track(await RawArenaSocket.open(t.url));
    silent.sendBinary(
      encodeClientMessage({ type: 'join', protocolVersion: PROTOCOL_VERSION, name: 'silent', roomId }),
    );
    await silent.waitFor(() => silent.ofType('welcome').length === 1, 'the silent one seated');
    silent.ignorePings();

    await waitFor(() => {
      const now = t.server.resources();
      return (
        now.sessions === baseline.sessions &&
        now.engineClients === baseline.engineClients &&
        now.guards === baseline.guards &&
        now.adapterRooms === baseline.adapterRooms &&
        now.connectionsCountedByIp === baseline.connectionsCountedByIp
      );
    }, 'every flap cleaned up');
    expect(t.server.directory.get(roomId)!.playerCount).toBe(1);
    await watcher.waitForTicks(3); // a duplicate leave would be in the events of these ticks
    const leaves = watcher
      .ofType('events')
      .flatMap((m) => m.events)
      .filter((e) => e.kind === 'leave');
    expect(leaves).toHaveLength(2); // the flapper and the silent one, once each
    expect(new Set(leaves.map((e) => (e.kind === 'leave' ? e.playerId : 0))).size).toBe(2);
    flapper.close();
  });

  test('a page from a foreign origin gets BAD_ORIGIN at the handshake, on polling and on WebSocket', async () => {
    t = await ThreatServer.start({ allowedOrigins: 'https://play.example.com' });
    const evil = { Origin: 'https://evil.example' };
    const polling = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: evil });
    expect(polling.status).toBe(403);
    expect(((await polling.json()) as { message: string }).message).toMatch(/^ARENA_ERR_BAD_ORIGIN: /);
    const ws = await upgrade(t.url, evil);
    expect(ws.status).toBe(400);
    expect(ws.body).toMatch(/^ARENA_ERR_BAD_ORIGIN: /);
    const client = io(t.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      parser: arenaSocketParser,
      extraHeaders: evil,
    });
    await new Promise((resolve) => client.once('connect_error', resolve));
    expect(client.connected).toBe(false);
    client.close();
    expect(t.server.resources().engineClients).toBe(0);

    // the server's own page, a listed origin, and clients without an Origin are welcome
    const welcome: Record<string, string>[] = [{ Origin: t.url }, { Origin: 'https://play.example.com' }, {}];
    for (const headers of welcome) {
      const ok = await upgrade(t.url, headers);
      expect(ok.status).toBe(101);
      ok.socket!.destroy();
    }
    expect(await t.metric('arena_refused_total', { code: ErrorCode.BAD_ORIGIN })).toBe(3);
  });
});
