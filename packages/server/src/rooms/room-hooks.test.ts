import { ErrorCode, type InputMessage } from '@arena/protocol';
import { beforeEach, expect, test, vi } from 'vitest';
import { hashWorld } from '../sim/state-hash';
import type { AppliedInput } from '../sim/world-state';
import { FakeConnection, silentLogger } from '../testing/fake-connection';
import { ManualClock } from '../testing/manual-clock';
import { Room } from './room';
import type { RoomHooks } from './room-hooks';

// Counts world hashes: a room that nobody records must not pay for one per tick.
vi.mock('../sim/state-hash', async (importOriginal) => {
  const original = await importOriginal<typeof import('../sim/state-hash')>();
  return { hashWorld: vi.fn(original.hashWorld) };
});

let clock: ManualClock;

beforeEach(() => {
  clock = new ManualClock();
  vi.mocked(hashWorld).mockClear();
});

function makeRoom(hooks?: RoomHooks): Room {
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
      isRecorded: hooks !== undefined,
    },
    inputQueueMax: 4,
    idleTimeoutMs: 5000,
    logger: silentLogger,
    clock,
    onDisposed: () => {},
    ...(hooks === undefined ? {} : { hooks }),
  });
}

const input = (seq: number): InputMessage => ({
  type: 'input',
  seq,
  moveX: 1,
  moveY: 0,
  aim: 0,
  fire: false,
  clientTimeMs: 0,
  lastSnapshotTick: 0,
});

/** Hooks that write down what the room told them, hashing every tick like a recording. */
function followingHooks(): { hooks: RoomHooks; told: string[]; hashes: string[] } {
  const told: string[] = [];
  const hashes: string[] = [];
  const hooks: RoomHooks = {
    playerJoined: (playerId, name) => told.push(`join ${playerId} ${name}`),
    playerLeft: (playerId) => told.push(`leave ${playerId}`),
    ticked: (tick, inputs: ReadonlyMap<number, readonly AppliedInput[]>, world) => {
      const applied = [...inputs].map(([id, list]) => `${id}x${list.length}`).join(',');
      told.push(`tick ${tick} [${applied}]`);
      hashes.push(world.stateHash());
    },
    closed: () => told.push('closed'),
  };
  return { hooks, told, hashes };
}

test('a room tells its hooks each seat change, each tick with the inputs it applied, and its close', () => {
  const { hooks, told, hashes } = followingHooks();
  const room = makeRoom(hooks);
  const seat = room.join('ann', new FakeConnection());
  if (!seat.ok) throw new Error('join failed');
  room.receiveInput(seat.value, input(1));
  clock.advance(100); // two ticks at 20 Hz
  room.leave(seat.value);
  clock.advance(50);
  // The hash a hook reads is the room's state hash as that tick left it.
  expect(hashes.at(-1)).toBe(room.stateHash());
  room.close(ErrorCode.ROOM_CLOSED, 'done');

  expect(told).toEqual(['join 1 ann', 'tick 1 [1x1]', 'tick 2 []', 'leave 1', 'tick 3 []', 'closed']);
});

test('a room that nobody follows never hashes its world while it ticks', () => {
  const room = makeRoom();
  room.join('ann', new FakeConnection());
  clock.advance(1000);
  expect(room.tickCount).toBe(20);
  expect(hashWorld).not.toHaveBeenCalled();
});

test('a followed room hashes its world once per tick, when its hooks ask', () => {
  const { hooks } = followingHooks();
  const room = makeRoom(hooks);
  room.join('ann', new FakeConnection());
  clock.advance(1000);
  expect(hashWorld).toHaveBeenCalledTimes(20);
});
