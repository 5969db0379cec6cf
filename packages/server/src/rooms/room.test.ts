import { ErrorCode, fullSnapshot, type InputMessage } from '@arena/protocol';
import { beforeEach, describe, expect, test } from 'vitest';
import { FakeConnection, silentLogger } from '../testing/fake-connection';
import { ManualClock } from '../testing/manual-clock';
import { inputCreditCap, MAX_INPUTS_PER_TICK, MAX_STANDING_BACKLOG } from './input-queue';
import { Room } from './room';
import type { RoomConfig } from './room-types';

let clock: ManualClock;
const disposed: string[] = [];

function makeRoom(overrides: Partial<RoomConfig> = {}, idleTimeoutMs = 5000): Room {
  return new Room({
    config: {
      id: 'r',
      mode: 'arena',
      tickRateHz: 20,
      snapshotRateHz: 20,
      maxPlayers: 4,
      seed: 1,
      strategy: 'full',
      maxRewindMs: 0,
      isRecorded: false,
      ...overrides,
    },
    inputQueueMax: 4,
    idleTimeoutMs,
    logger: silentLogger,
    clock,
    onDisposed: (room) => disposed.push(room.id),
  });
}

const input = (seq: number, moveX = 1): InputMessage => ({
  type: 'input',
  seq,
  moveX,
  moveY: 0,
  aim: 0,
  fire: false,
  clientTimeMs: 0,
  lastSnapshotTick: 0,
});

beforeEach(() => {
  clock = new ManualClock();
  disposed.length = 0;
});

describe('Room', () => {
  test('a joining player gets a welcome with the room settings and the roster', () => {
    const room = makeRoom();
    const a = new FakeConnection();
    const b = new FakeConnection();
    room.join('alice', a);
    room.join('bob', b);
    const welcome = b.ofType('welcome')[0]!;
    expect(welcome).toMatchObject({
      playerId: 2,
      roomId: 'r',
      tickRateHz: 20,
      strategy: 'full',
      mode: 'arena',
    });
    expect(welcome.players.map((p) => p.name)).toEqual(['alice', 'bob']);
    expect(welcome.walls.length).toBeGreaterThan(0);
  });

  test('sends one snapshot per tick to each player, acknowledging their applied inputs', () => {
    const room = makeRoom();
    const a = new FakeConnection();
    const id = room.join('alice', a);
    if (!id.ok) throw new Error('join failed');
    room.receiveInput(id.value, input(1));
    room.receiveInput(id.value, input(2));
    clock.advance(1000);
    const snapshots = a.ofType('snapshot');
    expect(snapshots.length).toBe(20);
    expect(snapshots[0]!.ackSeq).toBe(2); // a fresh player's banked credit applies both at once
    expect(snapshots.at(-1)!.ackSeq).toBe(2);
    const world = fullSnapshot.createDecoder().decode(snapshots[1]!.tick, snapshots[1]!.body);
    expect(world.ok && world.value.players).toHaveLength(1);
  });

  test('a flood is applied no faster than the credit allows: one input per tick once the bank is spent', () => {
    const room = makeRoom({ mode: 'bench' });
    const a = new FakeConnection();
    const id = room.join('flooder', a);
    if (!id.ok) throw new Error('join failed');
    let seq = 1;
    for (let tick = 0; tick < 20; tick++) {
      for (let k = 0; k < 10; k++) room.receiveInput(id.value, input(seq++)); // ten per tick period
      clock.advance(50); // one tick at 20 Hz
    }
    // 20 ticks: at most 20 inputs plus the credit a new player starts with
    expect(room.stats.inputsApplied).toBeLessThanOrEqual(20 + inputCreditCap(20));
    expect(room.stats.inputsApplied).toBeGreaterThanOrEqual(20);
    // the rest was cut or is still waiting, and what waits is bounded
    const waiting = 200 - room.stats.inputsApplied - room.stats.inputsDropped;
    expect(waiting).toBeGreaterThanOrEqual(0);
    expect(waiting).toBeLessThanOrEqual(MAX_INPUTS_PER_TICK + MAX_STANDING_BACKLOG);
    expect(a.ofType('snapshot').at(-1)!.ackSeq).toBeGreaterThan(190); // the ack follows the newest inputs
  });

  test('sends snapshots at the snapshot rate, spread evenly over the ticks', () => {
    const room = makeRoom({ tickRateHz: 60, snapshotRateHz: 20 });
    const a = new FakeConnection();
    room.join('a', a);
    clock.advance(1001);
    const ticks = a.ofType('snapshot').map((s) => s.tick);
    expect(ticks.length).toBe(20);
    expect(new Set(ticks.slice(1).map((t, i) => t - ticks[i]!))).toEqual(new Set([3]));
  });

  test('refuses a player beyond maxPlayers with ROOM_FULL', () => {
    const room = makeRoom({ maxPlayers: 1 });
    room.join('a', new FakeConnection());
    const refused = room.join('b', new FakeConnection());
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.code).toBe(ErrorCode.ROOM_FULL);
  });

  test('join and leave reach the other players as events', () => {
    const room = makeRoom();
    const a = new FakeConnection();
    room.join('a', a);
    const b = room.join('b', new FakeConnection());
    clock.advance(50);
    if (b.ok) room.leave(b.value);
    clock.advance(50);
    const events = a.ofType('events').flatMap((m) => m.events);
    expect(events).toContainEqual({ kind: 'join', playerId: 2, name: 'b' });
    expect(events).toContainEqual({ kind: 'leave', playerId: 2 });
  });

  test('an empty room closes after the idle timeout, not before', () => {
    const room = makeRoom({}, 5000);
    const id = room.join('a', new FakeConnection());
    clock.advance(10_000);
    expect(room.isClosed).toBe(false);
    if (id.ok) room.leave(id.value);
    clock.advance(4900);
    expect(room.isClosed).toBe(false);
    clock.advance(200);
    expect(room.isClosed).toBe(true);
    expect(disposed).toEqual(['r']);
    expect(clock.pendingTimers).toBe(0);
  });

  test('a throw inside one room tick closes that room with ROOM_ERROR; another room keeps ticking', () => {
    const broken = makeRoom({ id: 'broken' });
    const healthy = makeRoom({ id: 'healthy' });
    const victim = new FakeConnection();
    broken.join('v', victim);
    healthy.join('h', new FakeConnection());
    // sabotage the broken room's world so its next tick throws
    (broken as unknown as { world: { step: () => never } }).world.step = () => {
      throw new Error('simulated bug');
    };
    clock.advance(1000);
    expect(broken.isClosed).toBe(true);
    expect(victim.ofType('error').at(-1)?.code).toBe(ErrorCode.ROOM_ERROR);
    expect(victim.closedWith?.code).toBe(ErrorCode.ROOM_ERROR);
    expect(healthy.isClosed).toBe(false);
    expect(healthy.tickCount).toBe(20);
  });

  test('close() tells every player why and stops the loop', () => {
    const room = makeRoom();
    const a = new FakeConnection();
    room.join('a', a);
    room.close(ErrorCode.SERVER_SHUTDOWN, 'bye');
    const ticks = room.tickCount;
    clock.advance(1000);
    expect(room.tickCount).toBe(ticks);
    expect(a.ofType('error')).toEqual([{ type: 'error', code: ErrorCode.SERVER_SHUTDOWN, message: 'bye' }]);
    expect(room.join('late', new FakeConnection()).ok).toBe(false);
  });
});

describe('lag compensation in a room', () => {
  function shootingRoom(renderDelayTicks: number | undefined): number[] {
    const rewinds: number[] = [];
    const room = new Room({
      config: {
        id: 'lc',
        mode: 'arena',
        tickRateHz: 60,
        snapshotRateHz: 60,
        maxPlayers: 4,
        seed: 1,
        strategy: 'full',
        maxRewindMs: 250,
        isRecorded: false,
      },
      inputQueueMax: 4,
      idleTimeoutMs: 5000,
      logger: silentLogger,
      clock,
      observer: {
        tick() {},
        ticksSkipped() {},
        inputsApplied() {},
        inputDropped() {},
        roomClosed() {},
        shotRewound: (ms) => rewinds.push(ms),
      },
      onDisposed: () => {},
    });
    const seat = room.join('shooter', new FakeConnection());
    room.join('target', new FakeConnection());
    clock.advance(1000); // 60 ticks of history
    if (!seat.ok) throw new Error('join failed');
    room.receiveInput(seat.value, {
      ...input(1, 0),
      fire: true,
      lastSnapshotTick: room.tickCount,
      ...(renderDelayTicks === undefined ? {} : { renderDelayTicks }),
    });
    clock.advance(20);
    return rewinds;
  }

  test('a shot is rewound by the render delay the client reports', () => {
    expect(shootingRoom(6)).toEqual([100]); // 6 ticks at 60 Hz
  });

  test('without a report, by the default interpolation delay (two snapshot periods)', () => {
    expect(shootingRoom(undefined).map((ms) => Math.round(ms))).toEqual([33]);
  });

  test('a reported delay beyond the cap is clamped to maxRewindMs', () => {
    expect(shootingRoom(200)).toEqual([250]);
  });
});
