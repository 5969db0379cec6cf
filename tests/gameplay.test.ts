import { ErrorCode, PLAYER_SPEED_UNITS_PER_S, PROTOCOL_VERSION } from '@arena/protocol';
import type { ArenaServer } from '@arena/server';
import { waitForTicks } from '@arena/testing';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TestClient } from './support/test-client';
import { startTestServer } from './support/test-server';

// one input moves a player one tick at 200 units/s (30 Hz), snapped down to the 1/16-unit grid
const STEP_UNITS = Math.floor((PLAYER_SPEED_UNITS_PER_S / 30) * 16) / 16;

let server: ArenaServer;
let url: string;
const clients: TestClient[] = [];

async function connect(): Promise<TestClient> {
  const client = await TestClient.connect(url);
  clients.push(client);
  return client;
}

/** Rooms are created as the operator: bench rooms need the admin token (or a trusted address). */
const ADMIN_TOKEN = 'gameplay-test-admin-token';

async function createRoom(body: object): Promise<string> {
  const response = await fetch(`${url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify(body),
  });
  return ((await response.json()) as { room: { id: string } }).room.id;
}

/**
 * Sends one input per tick of the room until `count` inputs are out; resolves with the last seq.
 * Paced by the room's ticks, not a timer: on a busy machine a timer bunches inputs, and a bunch
 * beyond the input backlog bound is dropped by design.
 */
async function sendInputs(
  client: TestClient,
  roomId: string,
  count: number,
  moveX: number,
  moveY: number,
): Promise<number> {
  let last = 0;
  for (let i = 0; i < count; i++) {
    last = client.input(moveX, moveY);
    await nextTicks(roomId, 1);
  }
  return last;
}

async function nextTicks(roomId: string, ticks: number): Promise<void> {
  await waitForTicks(() => server.directory.get(roomId)!.tickCount, ticks);
}

beforeEach(async () => {
  ({ server, url } = await startTestServer({ adminToken: ADMIN_TOKEN }));
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.shutdown();
});

describe('playing over real Socket.IO', () => {
  test.each(['full', 'delta'])(
    '%s snapshots: a player joins, moves as its inputs say, and sees its acked seq rise',
    async (strategy) => {
      const roomId = await createRoom({ mode: 'bench', tickRateHz: 30, strategy });
      const client = await connect();
      const welcome = await client.join(roomId, 'mover');
      expect(welcome).toMatchObject({
        protocolVersion: PROTOCOL_VERSION,
        roomId,
        tickRateHz: 30,
        mode: 'bench',
        strategy,
      });
      await client.waitFor(() => client.worlds.length > 0, 'a first snapshot');
      const start = client.latestWorld()!.world.players.find((p) => p.id === welcome.playerId)!;
      const moveRight = start.x < 1000 ? 1 : -1;
      const lastSeq = await sendInputs(client, roomId, 15, moveRight, 0);
      await client.waitFor(() => client.latestWorld()!.ackSeq === lastSeq, `ack of seq ${lastSeq}`);
      const acks = client.worlds.map((w) => w.ackSeq);
      expect(acks.every((ack, i) => i === 0 || ack >= acks[i - 1]!)).toBe(true);
      const end = client.latestWorld()!.world.players.find((p) => p.id === welcome.playerId)!;
      // 15 inputs, each one tick of movement at 200 units/s
      expect(end.x - start.x).toBe(moveRight * 15 * STEP_UNITS);
      expect(end.y).toBeCloseTo(start.y, 1);
    },
  );

  test('a batch of inputs in one message moves the player as the same inputs one by one', async () => {
    const roomId = await createRoom({ mode: 'bench', tickRateHz: 30 });
    const client = await connect();
    const welcome = await client.join(roomId, 'batcher');
    await client.waitFor(() => client.worlds.length > 0, 'a first snapshot');
    const start = client.latestWorld()!.world.players.find((p) => p.id === welcome.playerId)!;
    const direction = start.y < 1000 ? 1 : -1;
    let last = 0;
    for (let i = 0; i < 4; i++) {
      last = client.inputBatch(3, 0, direction);
      await nextTicks(roomId, 3);
    }
    await client.waitFor(() => client.latestWorld()!.ackSeq === last, `ack of seq ${last}`);
    const end = client.latestWorld()!.world.players.find((p) => p.id === welcome.playerId)!;
    expect(last).toBe(12);
    expect(end.y - start.y).toBe(direction * 12 * STEP_UNITS);
  });

  test('two players in one room see each other', async () => {
    const alice = await connect();
    const bob = await connect();
    const aliceWelcome = await alice.join('any', 'alice');
    const bobWelcome = await bob.join(aliceWelcome.roomId, 'bob');
    expect(bobWelcome.players.map((p) => p.name)).toEqual(['alice', 'bob']);
    await alice.waitFor(
      () => alice.latestWorld()?.world.players.some((p) => p.id === bobWelcome.playerId) ?? false,
      'bob in alice snapshots',
    );
    await alice.waitFor(
      () => alice.ofType('events').some((m) => m.events.some((e) => e.kind === 'join' && e.name === 'bob')),
      'the join event for bob',
    );
    const seen = () => bob.latestWorld()?.world.players.find((p) => p.id === aliceWelcome.playerId);
    await bob.waitFor(() => seen() !== undefined, 'alice in bob snapshots');
    const before = seen()!;
    await sendInputs(alice, aliceWelcome.roomId, 10, 0, before.y > 1000 ? -1 : 1);
    await bob.waitFor(() => Math.abs(seen()!.y - before.y) > 20, 'alice moving in bob snapshots');
  });

  test('a delta client that never reports a baseline still decodes every snapshot (keyframes)', async () => {
    const roomId = await createRoom({ strategy: 'delta' });
    const forgetful = await connect();
    const other = await connect();
    await other.join(roomId, 'other');
    const welcome = await forgetful.join(roomId, 'forgetful');
    for (let i = 0; i < 10; i++) {
      forgetful.reportedSnapshotTick = 0; // never acknowledges anything
      forgetful.input(0, 1);
      await nextTicks(roomId, 1);
    }
    await forgetful.waitFor(() => forgetful.worlds.length >= 20, '20 decoded snapshots');
    expect(
      forgetful
        .latestWorld()!
        .world.players.map((p) => p.id)
        .sort(),
    ).toEqual([1, welcome.playerId].sort());
  });

  test('"any" puts players in the same open room', async () => {
    const a = await connect();
    const b = await connect();
    const wa = await a.join('any', 'a');
    const wb = await b.join('any', 'b');
    expect(wb.roomId).toBe(wa.roomId);
  });

  test('a client sending garbage gets error codes while the other keeps playing', async () => {
    const good = await connect();
    const bad = await connect();
    const welcome = await good.join('any', 'good');
    await bad.join(welcome.roomId, 'bad');
    const ticksBefore = good.worlds.length;
    bad.sendRaw('m', new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff])); // array32 claiming 4 G elements
    bad.sendRaw('m', 'not binary');
    bad.sendRaw('hack', { hp: 100 });
    await bad.waitFor(() => bad.ofType('error').length >= 3, 'three errors');
    expect(bad.ofType('error').map((e) => e.code)).toEqual([
      ErrorCode.BAD_MESSAGE,
      ErrorCode.BAD_MESSAGE,
      ErrorCode.BAD_MESSAGE,
    ]);
    // the honest player keeps receiving snapshots and stays at full health
    await good.waitFor(() => good.worlds.length > ticksBefore + 10, 'more snapshots for the honest player');
    const me = good.latestWorld()!.world.players.find((p) => p.id === welcome.playerId)!;
    expect(me.hp).toBe(100);
    expect(server.directory.get(welcome.roomId)?.isClosed).toBe(false);
  });

  test('repeated garbage gets the sender disconnected with BAD_MESSAGE', async () => {
    const bad = await connect();
    for (let i = 0; i < 5; i++) bad.sendRaw('m', new Uint8Array([0xc1]));
    await bad.waitFor(() => bad.disconnectReason !== undefined, 'disconnect');
    expect(bad.ofType('error').at(-1)!.code).toBe(ErrorCode.BAD_MESSAGE);
    expect(bad.ofType('error').at(-1)!.message).toMatch(/disconnected after 5 bad messages/);
  });

  test('a client of another protocol version gets VERSION_MISMATCH', async () => {
    const old = await connect();
    old.send({ type: 'join', protocolVersion: PROTOCOL_VERSION + 1, name: 'old', roomId: 'any' });
    const error = await old.waitForMessage('error');
    expect(error.code).toBe(ErrorCode.VERSION_MISMATCH);
  });

  test('joining a missing or full room gets ROOM_NOT_FOUND / ROOM_FULL', async () => {
    const client = await connect();
    client.send({ type: 'join', protocolVersion: PROTOCOL_VERSION, name: 'x', roomId: 'nowhere' });
    expect((await client.waitForMessage('error')).code).toBe(ErrorCode.ROOM_NOT_FOUND);
    const roomId = await createRoom({ maxPlayers: 1 });
    await (await connect()).join(roomId, 'first');
    client.send({ type: 'join', protocolVersion: PROTOCOL_VERSION, name: 'second', roomId });
    expect((await client.waitForMessage('error')).code).toBe(ErrorCode.ROOM_FULL);
  });

  test('ping is answered with the server time', async () => {
    const client = await connect();
    client.send({ type: 'ping', clientTimeMs: 1234 });
    const pong = await client.waitForMessage('pong');
    expect(pong.clientTimeMs).toBe(1234);
    expect(Math.abs(pong.serverTimeMs - Date.now())).toBeLessThan(5000);
  });

  test('leaving frees the seat; the empty room stays listed until its idle timeout', async () => {
    const client = await connect();
    const welcome = await client.join('any', 'leaver');
    client.send({ type: 'leave' });
    await client.waitFor(
      () => server.directory.get(welcome.roomId)?.playerCount === 0,
      'the seat to be freed',
    );
    expect(server.directory.list().map((r) => r.id)).toContain(welcome.roomId);
  });

  test('shutdown tells every client SERVER_SHUTDOWN before disconnecting', async () => {
    const client = await connect();
    await client.join('any', 'stayer');
    await server.shutdown('maintenance');
    await client.waitFor(() => client.disconnectReason !== undefined, 'disconnect');
    const error = client.ofType('error').at(-1)!;
    expect(error.code).toBe(ErrorCode.SERVER_SHUTDOWN);
    expect(error.message).toBe('maintenance');
  });
});
