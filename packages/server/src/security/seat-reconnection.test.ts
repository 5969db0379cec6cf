import { ErrorCode } from '@arena/protocol';
import { beforeEach, describe, expect, test } from 'vitest';
import { Room } from '../rooms/room';
import { FakeConnection, silentLogger } from '../testing/fake-connection';
import { ManualClock } from '../testing/manual-clock';
import { parseSeatToken } from './seat-token';

let clock: ManualClock;

function makeRoom(reconnectGraceMs = 1000): Room {
  return new Room({
    config: {
      id: 'r',
      mode: 'bench',
      tickRateHz: 20,
      snapshotRateHz: 20,
      maxPlayers: 4,
      seed: 1,
      strategy: 'full',
      maxRewindMs: 0,
      isRecorded: false,
    },
    inputQueueMax: 4,
    idleTimeoutMs: 5000,
    reconnectGraceMs,
    logger: silentLogger,
    clock,
    onDisposed: () => {},
  });
}

/** The secret in the newest welcome a connection got. */
function secretOf(connection: FakeConnection): string {
  return parseSeatToken(connection.ofType('welcome').at(-1)!.seatToken!)!.secret;
}

beforeEach(() => {
  clock = new ManualClock();
});

describe('seats across dropped connections (Room.suspend / Room.resume)', () => {
  test('a dropped player keeps the seat for the grace period, then it is freed', () => {
    const room = makeRoom(1000);
    const a = new FakeConnection();
    const id = room.join('a', a);
    if (!id.ok) throw new Error('join failed');
    room.suspend(id.value, a);
    expect(room.awayCount).toBe(1);
    clock.advance(900);
    expect(room.playerCount).toBe(1);
    clock.advance(200);
    expect(room.playerCount).toBe(0);
  });

  test('resume with the newest secret gives the same player back with a new secret and cancels the grace timer', () => {
    const room = makeRoom(1000);
    const a = new FakeConnection();
    const id = room.join('a', a);
    if (!id.ok) throw new Error('join failed');
    const secret = secretOf(a);
    room.suspend(id.value, a);
    const b = new FakeConnection();
    expect(room.resume(id.value, secret, b)).toEqual({ ok: true, value: id.value });
    expect(b.ofType('welcome')[0]!.playerId).toBe(id.value);
    expect(secretOf(b)).not.toBe(secret);
    clock.advance(5000);
    expect(room.playerCount).toBe(1);
    expect(b.ofType('snapshot').length).toBeGreaterThan(0);
  });

  test('a wrong or used secret is BAD_SEAT and changes nothing (validate before mutate)', () => {
    const room = makeRoom(1000);
    const a = new FakeConnection();
    const id = room.join('a', a);
    if (!id.ok) throw new Error('join failed');
    const secret = secretOf(a);
    room.suspend(id.value, a);
    const timersBefore = clock.pendingTimers;
    const intruder = new FakeConnection();
    const refused = room.resume(id.value, 'A'.repeat(22), intruder);
    expect(!refused.ok && refused.error.code).toBe(ErrorCode.BAD_SEAT);
    expect(room.resume(id.value + 1, secret, intruder).ok).toBe(false);
    expect(room.awayCount).toBe(1);
    expect(clock.pendingTimers).toBe(timersBefore);
    expect(intruder.received).toEqual([]);
    expect(room.resume(id.value, secret, new FakeConnection()).ok).toBe(true);
    expect(room.resume(id.value, secret, intruder).ok).toBe(false); // replay
  });

  test('a rejoin while the seat is still held takes it over: the old connection is told BAD_SEAT and unseated', () => {
    const room = makeRoom(1000);
    const tab1 = new FakeConnection();
    const id = room.join('a', tab1);
    if (!id.ok) throw new Error('join failed');
    const tab2 = new FakeConnection();
    expect(room.resume(id.value, secretOf(tab1), tab2).ok).toBe(true);
    expect(tab1.ofType('error').at(-1)?.code).toBe(ErrorCode.BAD_SEAT);
    expect(tab1.closedWith?.code).toBe(ErrorCode.BAD_SEAT);
    room.suspend(id.value, tab1); // the old tab closing later changes nothing
    expect(room.awayCount).toBe(0);
  });

  test('without a grace period a drop frees the seat at once; closing a room clears grace timers', () => {
    const room = makeRoom(0);
    const a = new FakeConnection();
    const id = room.join('a', a);
    if (!id.ok) throw new Error('join failed');
    room.suspend(id.value, a);
    expect(room.playerCount).toBe(0);

    const other = makeRoom(1000);
    const b = new FakeConnection();
    const bid = other.join('b', b);
    if (!bid.ok) throw new Error('join failed');
    other.suspend(bid.value, b);
    other.close(ErrorCode.ROOM_CLOSED, 'bye');
    room.close(ErrorCode.ROOM_CLOSED, 'bye');
    expect(clock.pendingTimers).toBe(0);
  });
});
