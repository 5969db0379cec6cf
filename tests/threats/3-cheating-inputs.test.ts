// THREATS.md §3: cheating inputs. Clients send intent only; the server decides everything else.

import type { Socket } from 'node:net';
import {
  ErrorCode,
  FIRE_COOLDOWN_MS,
  msToTicks,
  PLAYER_MAX_HP,
  PLAYER_SPEED_UNITS_PER_S,
} from '@arena/protocol';
import { inputCreditCap } from '@arena/server';
import { waitForTicks } from '@arena/testing';
import { afterEach, describe, expect, test } from 'vitest';
import type { TestClient } from '../support/test-client';
import { inputRecord, int, map, str, uint } from './support/msgpack-bytes';
import { ThreatServer } from './support/threat-server';

let t: ThreatServer;
afterEach(async () => {
  await t.stop();
});

const TICK_HZ = 30;
// one input's movement along an axis: a step of speed / tick rate, snapped down to the 1/16-unit
// position grid (a step is never longer than speed x dt)
const STEP_UNITS = Math.floor((PLAYER_SPEED_UNITS_PER_S / TICK_HZ) * 16) / 16;

function playerIn(client: TestClient, playerId: number) {
  return client.latestWorld()!.world.players.find((p) => p.id === playerId)!;
}

async function seat(name: string, roomId: string): Promise<{ client: TestClient; playerId: number }> {
  const client = await t.connect();
  const welcome = await client.join(roomId, name);
  await client.waitFor(() => client.worlds.length > 0, 'a snapshot');
  return { client, playerId: welcome.playerId };
}

/** Resolves on the next tick of the room: inputs paced one batch a tick, whatever the machine's load. */
async function nextTick(roomId: string): Promise<void> {
  await waitForTicks(() => t.server.directory.get(roomId)!.tickCount, 1);
}

/** Waits until `client`'s newest snapshot shows `playerId` (a seat taken after the client's own). */
async function waitUntilSeen(client: TestClient, playerId: number): Promise<void> {
  await client.waitFor(
    () => client.latestWorld()?.world.players.some((p) => p.id === playerId) === true,
    `player ${playerId} in a snapshot`,
  );
}

describe('THREATS §3 cheating inputs', () => {
  test('position, velocity, health or score in a client message are never read', async () => {
    t = await ThreatServer.start();
    const roomId = await t.createRoom({ mode: 'arena', tickRateHz: TICK_HZ, strategy: 'full' });
    const { client, playerId } = await seat('cheat', roomId);
    const before = playerIn(client, playerId);
    const claims = map([
      [str('x'), uint(1000)],
      [str('y'), uint(1000)],
      [str('vx'), uint(500)],
      [str('hp'), uint(250)],
      [str('sc'), uint(99)],
    ]);
    client.sendRaw('m', new Uint8Array(claims));
    // an input record has room for intent only: a value appended for "hp" makes it malformed
    client.sendRaw('m', new Uint8Array([...inputRecord({ seq: uint(1) }), ...uint(250)]));
    await client.waitFor(() => client.ofType('error').length === 2, 'two refusals');
    expect(client.ofType('error').map((e) => e.code)).toEqual([ErrorCode.BAD_MESSAGE, ErrorCode.BAD_MESSAGE]);
    await client.waitForTicks(3);
    const after = playerIn(client, playerId);
    expect({ x: after.x, y: after.y, hp: after.hp, score: after.score }).toEqual({
      x: before.x,
      y: before.y,
      hp: PLAYER_MAX_HP,
      score: 0,
    });
  });

  test('a speed hack (many inputs per tick) moves no faster than one input per tick', async () => {
    t = await ThreatServer.start({ messageRatePerS: 10_000, messageBurst: 10_000 });
    const roomId = await t.createRoom({ mode: 'bench', tickRateHz: TICK_HZ });
    const { client, playerId } = await seat('speeder', roomId);
    const start = { x: playerIn(client, playerId).x, tick: client.latestWorld()!.tick };
    const direction = start.x < 1000 ? 1 : -1;
    const skippedBefore = await t.metric('arena_ticks_skipped_total');
    for (let burst = 0; burst < 15; burst++) {
      for (let i = 0; i < 10; i++) client.input(direction, 0); // ten inputs per tick
      await nextTick(roomId);
    }
    await client.waitForTicks(6);
    const end = { x: playerIn(client, playerId).x, tick: client.latestWorld()!.tick };
    // tick periods: the ticks run, and those a stall made the loop skip (a busy machine)
    const ticks = end.tick - start.tick + (await t.metric('arena_ticks_skipped_total')) - skippedBefore;
    // one input per tick period, plus at most the credit a player can have banked
    expect(Math.abs(end.x - start.x)).toBeLessThanOrEqual(
      (ticks + inputCreditCap(TICK_HZ)) * STEP_UNITS + 0.01,
    );
    expect(Math.abs(end.x - start.x)).toBeGreaterThan(0);
  });

  test('pausing inputs then bursting them cannot teleport: catch-up is capped by the backlog bound', async () => {
    t = await ThreatServer.start({ inputQueueMax: 8, messageRatePerS: 10_000, messageBurst: 10_000 });
    const roomId = await t.createRoom({ mode: 'bench', tickRateHz: TICK_HZ });
    const { client, playerId } = await seat('teleporter', roomId);
    await waitForTicks(() => t.server.directory.get(roomId)!.tickCount, 15); // "paused": no input
    const start = playerIn(client, playerId).x;
    const direction = start < 1000 ? 1 : -1;
    // The burst reaches the server in one write: the kernel then holds all of it when the room
    // reads the socket before its next tick (sent one write each, a busy machine can deliver
    // part of it a tick later, and the credit, not the queue bound, caps the catch-up).
    const tcp = (
      client as unknown as { socket: { io: { engine: { transport: { ws: { _socket: Socket } } } } } }
    ).socket.io.engine.transport.ws._socket;
    tcp.cork();
    let last = 0;
    for (let i = 0; i < 200; i++) last = client.input(direction, 0);
    await new Promise((resolve) => setImmediate(resolve)); // the client library flushes on the next tick
    tcp.uncork();
    await client.waitFor(() => client.latestWorld()!.ackSeq === last, 'the burst applied');
    await client.waitForTicks(10); // more than the 8 kept inputs need, one a tick
    // the 200 inputs were sent "for" 200 ticks, but only the newest 8 were kept
    expect(Math.abs(playerIn(client, playerId).x - start)).toBeLessThanOrEqual(8 * STEP_UNITS + 0.01);
  });

  test('fire-rate abuse: fire held on every input fires no faster than the server cooldown', async () => {
    t = await ThreatServer.start({ messageRatePerS: 10_000, messageBurst: 10_000 });
    const roomId = await t.createRoom({ mode: 'arena', tickRateHz: TICK_HZ });
    const room = t.server.directory.get(roomId)!;
    const { client } = await seat('trigger', roomId);
    const world = (room as unknown as { world: { nextProjectileId: number } }).world;
    const firstId = world.nextProjectileId;
    const startTick = room.tickCount;
    for (let burst = 0; burst < 30; burst++) {
      for (let i = 0; i < 5; i++) client.input(0, 0, true, 0);
      await nextTick(roomId);
    }
    await client.waitForTicks(3);
    const shots = world.nextProjectileId - firstId;
    const ticks = room.tickCount - startTick;
    expect(shots).toBeGreaterThan(0);
    expect(shots).toBeLessThanOrEqual(Math.ceil(ticks / msToTicks(FIRE_COOLDOWN_MS, TICK_HZ)) + 1);
  });

  test('seq replayed, decreasing or jumping far ahead: stale inputs dropped, the ack never goes back, an absurd jump is BAD_MESSAGE', async () => {
    t = await ThreatServer.start();
    const roomId = await t.createRoom({ mode: 'bench', tickRateHz: TICK_HZ });
    const { client, playerId } = await seat('replayer', roomId);
    const start = playerIn(client, playerId).x;
    const direction = start < 1000 ? 1 : -1;
    const send = (seq: number) =>
      client.sendRaw('m', inputRecord({ seq: uint(seq), mx: int(direction * 127) }));
    for (const seq of [1, 2, 3]) send(seq);
    await client.waitFor(() => client.latestWorld()!.ackSeq === 3, 'ack 3');
    const moved = playerIn(client, playerId).x;
    for (const seq of [3, 2, 1, 3, 2]) send(seq); // replays and older seqs
    await client.waitForTicks(6);
    expect(playerIn(client, playerId).x).toBe(moved);
    const acks = client.worlds.map((w) => w.ackSeq);
    expect(acks.every((ack, i) => i === 0 || ack >= acks[i - 1]!)).toBe(true);
    expect(acks.at(-1)).toBe(3);
    send(3 + 70_000); // more than 65 536 ahead
    await client.waitFor(() => client.ofType('error').length === 1, 'the refusal');
    expect(client.ofType('error')[0]).toMatchObject({
      code: ErrorCode.BAD_MESSAGE,
      message: expect.stringMatching(/too far ahead/),
    });
    expect(client.latestWorld()!.ackSeq).toBe(3);
  });

  test('forged client times and view ticks (future, far past) never change the simulation', async () => {
    t = await ThreatServer.start();
    const roomId = await t.createRoom({ mode: 'bench', tickRateHz: TICK_HZ, strategy: 'full' });
    const honest = await seat('honest', roomId);
    const forger = await seat('forger', roomId);
    await waitUntilSeen(honest.client, forger.playerId);
    const startHonest = playerIn(honest.client, honest.playerId).x;
    const startForger = playerIn(honest.client, forger.playerId).x;
    const dirHonest = startHonest < 1000 ? 1 : -1;
    const dirForger = startForger < 1000 ? 1 : -1;
    const forged = [
      [0xffff_ffff, 0xffff_ffff],
      [0, 1],
      [123, 0xffff_fff0],
      [0xffff_ffff, 0],
      [7, 5],
    ];
    for (let seq = 1; seq <= forged.length; seq++) {
      const [ct, sn] = forged[seq - 1]!;
      honest.client.sendRaw(
        'm',
        inputRecord({
          seq: uint(seq),
          mx: int(dirHonest * 127),
          ct: uint(Date.now() % 2 ** 32),
          sn: uint(0),
        }),
      );
      forger.client.sendRaw(
        'm',
        inputRecord({ seq: uint(seq), mx: int(dirForger * 127), ct: uint(ct!), sn: uint(sn!) }),
      );
      await nextTick(roomId);
    }
    const seen = honest.client;
    await seen.waitFor(
      () => Math.abs(playerIn(seen, forger.playerId).x - startForger) >= forged.length * STEP_UNITS - 0.1,
      'both moved five steps',
    );
    // the server read all the forger sent, then ran ticks the honest client has snapshots of
    await forger.client.waitForTicks(1);
    await seen.waitForTicks(3);
    expect(Math.abs(playerIn(seen, forger.playerId).x - startForger)).toBeCloseTo(
      forged.length * STEP_UNITS,
      1,
    );
    expect(Math.abs(playerIn(seen, honest.playerId).x - startHonest)).toBeCloseTo(
      forged.length * STEP_UNITS,
      1,
    );
    expect(forger.client.ofType('error')).toEqual([]);
    expect(forger.client.socket.connected).toBe(true);
  });

  test('nobody can act for another player or room: identity is the socket seat, and one seat per socket', async () => {
    t = await ThreatServer.start();
    const roomId = await t.createRoom({ mode: 'bench', tickRateHz: TICK_HZ, strategy: 'full' });
    const otherRoom = await t.createRoom({ mode: 'bench', tickRateHz: TICK_HZ });
    const alice = await seat('alice', roomId);
    const bob = await seat('bob', roomId);
    await waitUntilSeen(alice.client, bob.playerId);
    const bobStart = playerIn(alice.client, bob.playerId);
    const aliceStart = playerIn(alice.client, alice.playerId);
    // the input record has no player or room field: whatever the sender claims, it moves itself
    for (let i = 0; i < 5; i++) alice.client.input(aliceStart.x < 1000 ? 1 : -1, 0);
    await alice.client.waitFor(() => alice.client.latestWorld()!.ackSeq === 5, 'alice acked');
    await alice.client.waitForTicks(3);
    expect(playerIn(alice.client, bob.playerId)).toMatchObject({ x: bobStart.x, y: bobStart.y });
    expect(playerIn(alice.client, alice.playerId).x).not.toBe(aliceStart.x);
    alice.client.send({ type: 'join', protocolVersion: 1, name: 'alice2', roomId: otherRoom });
    await alice.client.waitFor(() => alice.client.ofType('error').length === 1, 'the refusal');
    expect(alice.client.ofType('error')[0]!.code).toBe(ErrorCode.ALREADY_IN_ROOM);
    expect(t.server.directory.get(otherRoom)!.playerCount).toBe(0);
  });
});
