import { fullSnapshot, PLAYER_SPEED_UNITS_PER_S, type RosterEntry, type WorldView } from '@arena/protocol';
import { beforeEach, describe, expect, test } from 'vitest';
import { MatchRecorder } from '../replay/match-recorder';
import { compressRecording, newHeader, readRecording } from '../replay/recording-format';
import { replayRecording } from '../replay/replay-match';
import { LocalRoomDirectory, type RoomDefaults } from '../rooms/local-room-directory';
import { Room } from '../rooms/room';
import type { RoomConfig } from '../rooms/room-types';
import { FakeConnection, silentLogger } from '../testing/fake-connection';
import { ManualClock } from '../testing/manual-clock';
import { serverBots, wantedBots } from './server-bots';

let clock: ManualClock;
let disposed: string[];

beforeEach(() => {
  clock = new ManualClock();
  disposed = [];
});

const TICK_RATE_HZ = 20;
const TICK_MS = 1000 / TICK_RATE_HZ;

function roomWithBots(minFighters: number, overrides: Partial<RoomConfig> = {}, hooks?: MatchRecorder): Room {
  const config: RoomConfig = {
    id: 'r',
    mode: 'arena',
    tickRateHz: TICK_RATE_HZ,
    snapshotRateHz: TICK_RATE_HZ,
    maxPlayers: 8,
    seed: 7,
    strategy: 'full',
    maxRewindMs: 0,
    isRecorded: false,
    minFighters,
    ...overrides,
  };
  return new Room({
    config,
    inputQueueMax: 4,
    idleTimeoutMs: 5000,
    logger: silentLogger,
    clock,
    onDisposed: (room) => disposed.push(room.id),
    ...(hooks === undefined ? {} : { hooks }),
    ...(minFighters > 0 ? { bots: serverBots({ minFighters, seed: config.seed }) } : {}),
  });
}

/** Every world the connection was sent, decoded (the room's strategy is "full"). */
function worldsOf(connection: FakeConnection): WorldView[] {
  const decoder = fullSnapshot.createDecoder();
  return connection.ofType('snapshot').flatMap((snapshot) => {
    const world = decoder.decode(snapshot.tick, snapshot.body);
    return world.ok ? [world.value] : [];
  });
}

function botsIn(roster: readonly RosterEntry[]): RosterEntry[] {
  return roster.filter((entry) => entry.bot === true);
}

describe('wantedBots', () => {
  test('fills up to minFighters while a human is seated, within the free seats', () => {
    expect(wantedBots(4, 0, 16)).toBe(0);
    expect(wantedBots(4, 1, 16)).toBe(3);
    expect(wantedBots(4, 3, 16)).toBe(1);
    expect(wantedBots(4, 4, 16)).toBe(0);
    expect(wantedBots(4, 6, 16)).toBe(0);
    expect(wantedBots(8, 2, 4)).toBe(2);
    expect(wantedBots(0, 1, 16)).toBe(0);
  });
});

describe('a room with server bots', () => {
  test('one human joining brings bots up to minFighters, marked as bots in the welcome and in join events', () => {
    const room = roomWithBots(4);
    expect(room.botCount).toBe(0);
    const alice = new FakeConnection();
    room.join('alice', alice);
    expect(room.playerCount).toBe(1);
    expect(room.botCount).toBe(3);
    const roster = alice.ofType('welcome')[0]!.players;
    expect(roster).toHaveLength(4);
    expect(botsIn(roster).map((entry) => entry.name)).toEqual(['bot Ada', 'bot Alan', 'bot Grace']);
    expect(roster.find((entry) => entry.name === 'alice')?.bot).toBeUndefined();
    clock.advance(TICK_MS);
    const joins = alice.ofType('events').flatMap((m) => m.events.filter((e) => e.kind === 'join'));
    expect(joins.filter((e) => e.kind === 'join' && e.bot === true)).toHaveLength(3);
    expect(room.info()).toMatchObject({ players: 1, bots: 3, minFighters: 4 });
  });

  test('bots leave as humans arrive, a human always gets a seat a bot holds, and come back as humans leave', () => {
    const room = roomWithBots(4, { maxPlayers: 4 });
    const alice = new FakeConnection();
    const a = room.join('alice', alice);
    expect(room.botCount).toBe(3);
    const b = room.join('bob', new FakeConnection());
    expect(room.botCount).toBe(2);
    room.join('carol', new FakeConnection());
    const dave = new FakeConnection();
    // every seat is held (3 humans, 1 bot): a fourth human still gets in, and the bot goes
    expect(room.join('dave', dave).ok).toBe(true);
    expect(room.botCount).toBe(0);
    expect(botsIn(dave.ofType('welcome')[0]!.players)).toEqual([]);
    clock.advance(TICK_MS);
    const leaves = alice.ofType('events').flatMap((m) => m.events.filter((e) => e.kind === 'leave'));
    expect(leaves).toHaveLength(3);
    if (!a.ok || !b.ok) throw new Error('join failed');
    room.leave(b.value);
    expect(room.botCount).toBe(1);
    room.leave(a.value);
    expect(room.botCount).toBe(2);
  });

  test('minFighters 0 means no bots', () => {
    const room = roomWithBots(0);
    const alice = new FakeConnection();
    room.join('alice', alice);
    clock.advance(1000);
    expect(room.botCount).toBe(0);
    expect(alice.ofType('welcome')[0]!.players).toHaveLength(1);
    expect(worldsOf(alice).at(-1)!.players).toHaveLength(1);
  });

  test('when the last human leaves the bots go too, and the room closes after its idle wait', () => {
    const room = roomWithBots(4);
    const id = room.join('alice', new FakeConnection());
    if (!id.ok) throw new Error('join failed');
    clock.advance(1000);
    room.leave(id.value);
    expect(room.botCount).toBe(0);
    expect(room.info().bots).toBeUndefined();
    clock.advance(5000 + TICK_MS);
    expect(room.isClosed).toBe(true);
    expect(disposed).toEqual(['r']);
  });

  test('a room nobody joined has no bots and closes when empty, like any other', () => {
    const room = roomWithBots(4);
    clock.advance(5000 + TICK_MS);
    expect(room.botCount).toBe(0);
    expect(room.isClosed).toBe(true);
  });

  test('bots play through their input queues: they move, never faster than the speed limit, and shoot', () => {
    const room = roomWithBots(4);
    const alice = new FakeConnection();
    const id = room.join('alice', alice);
    if (!id.ok) throw new Error('join failed');
    clock.advance(20_000);
    const worlds = worldsOf(alice);
    const botIds = botsIn(alice.ofType('welcome')[0]!.players).map((entry) => entry.id);
    const maxStep = PLAYER_SPEED_UNITS_PER_S / TICK_RATE_HZ;
    let moved = 0;
    for (let i = 1; i < worlds.length; i++) {
      const before = worlds[i - 1]!;
      const after = worlds[i]!;
      expect(after.tick - before.tick).toBe(1);
      for (const botId of botIds) {
        const was = before.players.find((p) => p.id === botId)!;
        const is = after.players.find((p) => p.id === botId)!;
        // a respawn moves a player anywhere; walking never beats the speed limit
        if (was.hp <= 0 || is.hp <= 0 || is.hp > was.hp) continue;
        const step = Math.hypot(is.x - was.x, is.y - was.y);
        expect(step).toBeLessThanOrEqual(maxStep + 1e-9);
        moved += step;
      }
    }
    expect(moved).toBeGreaterThan(maxStep * 100);
    // one input per bot per tick, applied through the queues
    expect(room.stats.inputsApplied).toBeGreaterThanOrEqual(botIds.length * (worlds.length - 1));
    expect(worlds.some((world) => world.projectiles.length > 0)).toBe(true);
  });

  test('the same seed and the same human inputs give the same match, bots included', () => {
    const play = () => {
      clock = new ManualClock();
      const room = roomWithBots(4);
      room.join('alice', new FakeConnection());
      clock.advance(5000);
      return room.stateHash();
    };
    expect(play()).toBe(play());
  });
});

describe('what a human meets', () => {
  test('bots come in within sight of the lone human, not on top of them', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      clock = new ManualClock();
      const room = roomWithBots(4, { seed });
      const alice = new FakeConnection();
      const id = room.join('alice', alice);
      if (!id.ok) throw new Error('join failed');
      clock.advance(TICK_MS);
      const world = worldsOf(alice)[0]!;
      const self = world.players.find((p) => p.id === id.value)!;
      const distances = world.players
        .filter((p) => p.id !== id.value)
        .map((p) => Math.hypot(p.x - self.x, p.y - self.y));
      expect(Math.min(...distances)).toBeGreaterThanOrEqual(150);
      expect(Math.min(...distances)).toBeLessThan(800);
    }
  });

  test('a recorded match with bots replays exactly, bot spawns included', () => {
    const header = newHeader({
      roomId: 'r',
      mode: 'arena',
      tickRateHz: TICK_RATE_HZ,
      snapshotRateHz: TICK_RATE_HZ,
      seed: 7,
      maxRewindMs: 0,
      startedAt: '2026-12-07T00:00:00.000Z',
    });
    const parts: Uint8Array[] = [];
    const room = roomWithBots(4, { isRecorded: true }, new MatchRecorder(header, (part) => parts.push(part)));
    const alice = room.join('alice', new FakeConnection());
    clock.advance(5000);
    room.join('bob', new FakeConnection());
    clock.advance(5000);
    if (alice.ok) room.leave(alice.value);
    clock.advance(2000);
    const result = replayRecording(readRecording(compressRecording(parts)));
    expect(result.ticks).toBeGreaterThan(200);
    expect(result.mismatches).toEqual([]);
  });
});

describe('rooms composed by the directory', () => {
  const defaults: RoomDefaults = {
    tickRateHz: TICK_RATE_HZ,
    snapshotRateHz: TICK_RATE_HZ,
    maxPlayersPerRoom: 8,
    strategy: 'full',
    maxRooms: 10,
    inputQueueMax: 4,
    roomIdleTimeoutMs: 5000,
    maxRewindMs: 0,
    minFighters: 4,
  };

  function directory() {
    return new LocalRoomDirectory({ defaults, logger: silentLogger, clock });
  }

  test('arena rooms get the server default, capped by their seats; a room may ask for its own', () => {
    const rooms = directory();
    const byDefault = rooms.create({ id: 'a' });
    const small = rooms.create({ id: 'b', maxPlayers: 2 });
    const own = rooms.create({ id: 'c', minFighters: 6 });
    const none = rooms.create({ id: 'd', minFighters: 0 });
    expect(byDefault.ok && byDefault.value.info().minFighters).toBe(4);
    expect(small.ok && small.value.info().minFighters).toBe(2);
    expect(own.ok && own.value.info().minFighters).toBe(6);
    expect(none.ok && none.value.info().minFighters).toBe(0);
    if (!own.ok) throw new Error('create failed');
    own.value.join('alice', new FakeConnection());
    expect(own.value.botCount).toBe(5);
  });

  test('bench rooms never have bots; asking for some is refused, like a minFighters above the seats', () => {
    const rooms = directory();
    const bench = rooms.create({ id: 'b', mode: 'bench' });
    if (!bench.ok) throw new Error('create failed');
    expect(bench.value.info().minFighters).toBe(0);
    bench.value.join('alice', new FakeConnection());
    expect(bench.value.botCount).toBe(0);
    const asked = rooms.create({ id: 'c', mode: 'bench', minFighters: 2 });
    expect(!asked.ok && asked.error.code).toBe('ARENA_ERR_BAD_OPTION');
    const tooMany = rooms.create({ id: 'd', maxPlayers: 4, minFighters: 5 });
    expect(!tooMany.ok && tooMany.error.message).toMatch(/minFighters/);
  });

  test('"any" matchmaking counts humans only: a room of one human and three bots is not fuller than one of two humans', () => {
    const rooms = directory();
    const lonely = rooms.create({ id: 'a' });
    const pair = rooms.create({ id: 'b' });
    if (!lonely.ok || !pair.ok) throw new Error('create failed');
    lonely.value.join('alice', new FakeConnection());
    pair.value.join('bob', new FakeConnection());
    pair.value.join('carol', new FakeConnection());
    expect(lonely.value.botCount).toBe(3);
    expect(pair.value.botCount).toBe(2);
    const found = rooms.resolveForJoin('any');
    expect(found.ok && found.value.id).toBe('b');
  });
});
