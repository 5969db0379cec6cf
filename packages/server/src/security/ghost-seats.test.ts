import { ErrorCode } from '@arena/protocol';
import { beforeEach, expect, test } from 'vitest';
import { Room } from '../rooms/room';
import { FakeConnection, silentLogger } from '../testing/fake-connection';
import { ManualClock } from '../testing/manual-clock';
import { GhostSeats } from './ghost-seats';
import { parseSeatToken } from './seat-token';

let clock: ManualClock;

function makeRoom(): Room {
  return new Room({
    config: {
      id: 'r',
      mode: 'arena',
      tickRateHz: 20,
      snapshotRateHz: 20,
      maxPlayers: 8,
      seed: 1,
      strategy: 'full',
      maxRewindMs: 0,
      isRecorded: false,
    },
    inputQueueMax: 4,
    idleTimeoutMs: 60_000,
    reconnectGraceMs: 1000,
    logger: silentLogger,
    clock,
    onDisposed: () => {},
  });
}

function seat(room: Room, name: string): { connection: FakeConnection; playerId: number } {
  const connection = new FakeConnection();
  const joined = room.join(name, connection);
  if (!joined.ok) throw new Error('join failed');
  return { connection, playerId: joined.value };
}

beforeEach(() => {
  clock = new ManualClock();
});

test('a dropped seat counts against the address that left it until it is freed after the grace period', () => {
  const ghosts = new GhostSeats({ maxPerIp: 0, openConnections: () => 0 });
  const room = makeRoom();
  const a = seat(room, 'a');
  const b = seat(room, 'b');
  room.suspend(a.playerId, a.connection, ghosts.watchFor('10.0.0.1'));
  room.suspend(b.playerId, b.connection, ghosts.watchFor('10.0.0.1'));
  expect(ghosts.of('10.0.0.1')).toBe(2);
  expect(room.livePlayerCount).toBe(0);
  expect(room.info()).toMatchObject({ players: 2, away: 2 });
  clock.advance(1000);
  expect(ghosts.of('10.0.0.1')).toBe(0);
  expect(ghosts.total).toBe(0);
  expect(room.playerCount).toBe(0);
});

test('a rejoin, a leave or the room closing releases the ghost seat exactly once', () => {
  const ghosts = new GhostSeats({ maxPerIp: 0, openConnections: () => 0 });
  const room = makeRoom();
  const [a, b, c] = ['a', 'b', 'c'].map((name) => seat(room, name)) as [
    ReturnType<typeof seat>,
    ReturnType<typeof seat>,
    ReturnType<typeof seat>,
  ];
  for (const { playerId, connection } of [a, b, c]) {
    room.suspend(playerId, connection, ghosts.watchFor('10.0.0.2'));
  }
  expect(ghosts.of('10.0.0.2')).toBe(3);

  const token = parseSeatToken(a.connection.ofType('welcome').at(-1)!.seatToken!)!;
  const back = new FakeConnection();
  expect(room.resume(a.playerId, token.secret, back).ok).toBe(true);
  expect(ghosts.of('10.0.0.2')).toBe(2);
  expect(room.livePlayerCount).toBe(1);

  room.leave(b.playerId);
  expect(ghosts.of('10.0.0.2')).toBe(1);

  room.close(ErrorCode.ROOM_CLOSED, 'closed');
  expect(ghosts.of('10.0.0.2')).toBe(0);
  clock.advance(5000); // the cancelled grace timers release nothing twice
  expect(ghosts.total).toBe(0);
});

test('a seat that is not held (no grace, or a connection that no longer holds it) is never counted', () => {
  const ghosts = new GhostSeats({ maxPerIp: 0, openConnections: () => 0 });
  const room = makeRoom();
  const a = seat(room, 'a');
  room.suspend(a.playerId, new FakeConnection(), ghosts.watchFor('10.0.0.3'));
  expect(ghosts.of('10.0.0.3')).toBe(0);
  const watch = ghosts.watchFor('10.0.0.3');
  watch.released();
  expect(ghosts.of('10.0.0.3')).toBe(0);
});

test('a new seat is refused while open connections plus ghost seats are over the cap; trusted addresses and a cap of 0 are exempt', () => {
  const open = new Map([['10.0.0.4', 1]]);
  const capped = new GhostSeats({
    maxPerIp: 3,
    trustedAddresses: new Set(['10.0.0.5']),
    openConnections: (address) => open.get(address) ?? 0,
  });
  const room = makeRoom();
  const dropped = ['a', 'b'].map((name) => seat(room, name));
  for (const { playerId, connection } of dropped) {
    room.suspend(playerId, connection, capped.watchFor('10.0.0.4'));
  }
  expect(capped.refusesNewSeat('10.0.0.4')).toBeUndefined(); // 1 + 2 = 3: the joining connection's seat is the third
  const third = seat(room, 'c');
  room.suspend(third.playerId, third.connection, capped.watchFor('10.0.0.4'));
  expect(capped.refusesNewSeat('10.0.0.4')).toMatch(
    /1 connections and 3 seats waiting for a rejoin \(at most 3/,
  );
  for (const name of ['d', 'e', 'f', 'g']) {
    const trusted = seat(room, name);
    room.suspend(trusted.playerId, trusted.connection, capped.watchFor('10.0.0.5'));
  }
  expect(capped.of('10.0.0.5')).toBe(4);
  expect(capped.refusesNewSeat('10.0.0.5')).toBeUndefined();
  clock.advance(1000);
  expect(capped.refusesNewSeat('10.0.0.4')).toBeUndefined();
});
