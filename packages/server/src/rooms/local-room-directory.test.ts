import { ErrorCode } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { DEFAULTS } from '../config/options';
import { FakeConnection, silentLogger } from '../testing/fake-connection';
import { ManualClock } from '../testing/manual-clock';
import { LocalRoomDirectory } from './local-room-directory';
import type { RoomHooks } from './room-hooks';
import type { RoomConfig, RoomInfo } from './room-types';
import type { SpectatorRooms, SpectatorRoomsHost } from './spectator-rooms';

function silentHooks(told: string[]): RoomHooks {
  return {
    playerJoined: (_id, name) => told.push(`join ${name}`),
    playerLeft: () => {},
    ticked: () => {},
    closed: () => told.push('closed'),
  };
}

test('a room created with record gets hooks from the registered recording factory; others get none', () => {
  const opened: RoomConfig[] = [];
  const told: string[] = [];
  const rooms = new LocalRoomDirectory({
    defaults: DEFAULTS,
    logger: silentLogger,
    clock: new ManualClock(),
    openRecording: (config) => {
      opened.push(config);
      return silentHooks(told);
    },
  });
  const plain = rooms.create({ id: 'plain' });
  const recorded = rooms.create({ id: 'taped', record: true });
  if (!plain.ok || !recorded.ok) throw new Error('create failed');
  expect(opened.map((config) => config.id)).toEqual(['taped']);
  expect(recorded.value.info().recording).toBe(true);
  recorded.value.join('ann', new FakeConnection());
  plain.value.join('ben', new FakeConnection());
  rooms.closeAll(ErrorCode.SERVER_SHUTDOWN, 'bye');
  // the recording follows the server bots that came with ann too (DEFAULTS.minFighters)
  expect(told).toEqual(['join ann', 'join bot Ada', 'join bot Alan', 'join bot Grace', 'closed']);
});

test('without a recording factory, a room asked to record is refused rather than silently unrecorded', () => {
  const rooms = new LocalRoomDirectory({
    defaults: DEFAULTS,
    logger: silentLogger,
    clock: new ManualClock(),
  });
  const created = rooms.create({ id: 'taped', record: true });
  expect(created.ok).toBe(false);
  if (!created.ok) expect(created.error.code).toBe(ErrorCode.BAD_OPTION);
  expect(rooms.size).toBe(0);
});

test('spectator rooms are listed, counted against maxRooms and closed with the live rooms; the host tells them the live ids', () => {
  const closed: string[] = [];
  let host: SpectatorRoomsHost | undefined;
  const watched = plainInfo('replay-a');
  const rooms = new LocalRoomDirectory({
    defaults: { ...DEFAULTS, maxRooms: 2 },
    logger: silentLogger,
    clock: new ManualClock(),
    spectatorRooms: (given) => {
      host = given;
      return {
        size: 1,
        list: () => [watched],
        get: () => undefined,
        closeAll: (_code, message) => closed.push(message),
      } satisfies SpectatorRooms;
    },
  });
  expect(rooms.size).toBe(1);
  expect(host?.hasRoomFor()).toBe(true);
  const live = rooms.create({ id: 'live' });
  expect(live.ok).toBe(true);
  expect(rooms.list().map((room) => room.id)).toEqual(['live', 'replay-a']);
  expect(host?.hasRoomFor()).toBe(false);
  expect(host?.isIdTaken('live')).toBe(true);
  const over = rooms.create({});
  expect(over.ok || over.error.code).toBe(ErrorCode.TOO_MANY_ROOMS);
  rooms.closeAll(ErrorCode.SERVER_SHUTDOWN, 'bye');
  expect(closed).toEqual(['bye']);
});

function plainInfo(id: string): RoomInfo {
  return {
    id,
    mode: 'arena',
    players: 0,
    maxPlayers: 16,
    tickRateHz: 30,
    snapshotRateHz: 30,
    strategy: 'delta',
    lagCompensation: true,
    network: 'none',
    recording: false,
  };
}

describe('rooms nobody has joined (squatting)', () => {
  const defaults = { ...DEFAULTS, roomIdleTimeoutMs: 30_000, roomUnjoinedMs: 5000, maxEmptyRoomsPerIp: 2 };
  const squatter = { address: '10.0.0.1', isExempt: false };
  const operator = { address: '10.0.0.9', isExempt: true };

  function directory(clock: ManualClock) {
    return new LocalRoomDirectory({ defaults, logger: silentLogger, clock });
  }

  test('an address holds at most maxEmptyRoomsPerIp rooms nobody has joined; a join or a close frees a slot', () => {
    const clock = new ManualClock();
    const rooms = directory(clock);
    const first = rooms.create({}, squatter);
    const second = rooms.create({}, squatter);
    if (!first.ok || !second.ok) throw new Error('create failed');
    const third = rooms.create({}, squatter);
    expect(third.ok ? undefined : third.error.code).toBe(ErrorCode.RATE_LIMITED);
    expect(rooms.create({}, { address: '10.0.0.2', isExempt: false }).ok).toBe(true);
    expect(rooms.create({}).ok).toBe(true); // a room for an "any" join has no creator

    first.value.join('ann', new FakeConnection());
    expect(rooms.unjoinedRoomsOf(squatter.address)).toBe(1);
    first.value.leave(1); // joined once: it stays a real room, not a squat
    expect(rooms.unjoinedRoomsOf(squatter.address)).toBe(1);
    expect(rooms.create({}, squatter).ok).toBe(true);
    second.value.close(ErrorCode.ROOM_CLOSED, 'closed');
    expect(rooms.unjoinedRoomsOf(squatter.address)).toBe(1);
  });

  test('a room nobody joins closes after roomUnjoinedMs; a room once joined and emptied waits roomIdleTimeoutMs', () => {
    const clock = new ManualClock();
    const rooms = directory(clock);
    const squat = rooms.create({ id: 'squat' }, squatter);
    const real = rooms.create({ id: 'real' }, squatter);
    if (!squat.ok || !real.ok) throw new Error('create failed');
    real.value.join('ann', new FakeConnection());
    real.value.leave(1);
    clock.advance(4999);
    expect(rooms.get('squat')).toBeDefined();
    clock.advance(1);
    expect(rooms.get('squat')).toBeUndefined();
    expect(rooms.unjoinedRoomsOf(squatter.address)).toBe(0);
    expect(rooms.get('real')?.isClosed).toBe(false);
    clock.advance(30_000);
    expect(rooms.get('real')).toBeUndefined();
  });

  test('an exempt creator (trusted, admin token) may create bench rooms, is not counted, and its rooms wait roomIdleTimeoutMs, as rooms made in process do', () => {
    const clock = new ManualClock();
    const rooms = directory(clock);
    const bench = rooms.create({ mode: 'bench' }, squatter);
    expect(bench.ok ? undefined : bench.error.code).toBe(ErrorCode.UNAUTHORIZED);
    for (let i = 0; i < 2; i++) expect(rooms.create({ mode: 'bench' }, operator).ok).toBe(true);
    expect(rooms.create({ mode: 'bench' }).ok).toBe(true);
    expect(rooms.unjoinedRoomsOf(operator.address)).toBe(0);
    clock.advance(29_999);
    expect(rooms.size).toBe(3);
    clock.advance(1);
    expect(rooms.size).toBe(0);
  });

  test('the room cap is checked first: a full server says TOO_MANY_ROOMS to everyone', () => {
    const rooms = new LocalRoomDirectory({
      defaults: { ...defaults, maxRooms: 1 },
      logger: silentLogger,
      clock: new ManualClock(),
    });
    expect(rooms.create({}, operator).ok).toBe(true);
    const refused = rooms.create({}, squatter);
    expect(refused.ok ? undefined : refused.error.code).toBe(ErrorCode.TOO_MANY_ROOMS);
  });
});

test('"any" sends a newcomer to the room with the most connected players, not to a room of seats held for a rejoin', () => {
  const rooms = new LocalRoomDirectory({
    defaults: { ...DEFAULTS, reconnectGraceMs: 10_000 },
    logger: silentLogger,
    clock: new ManualClock(),
  });
  const ghostly = rooms.create({ id: 'ghostly' });
  const lively = rooms.create({ id: 'lively' });
  if (!ghostly.ok || !lively.ok) throw new Error('create failed');
  for (let i = 0; i < 5; i++) {
    const dropped = new FakeConnection();
    const joined = ghostly.value.join(`ghost${i}`, dropped);
    if (!joined.ok) throw new Error('join failed');
    ghostly.value.suspend(joined.value, dropped);
  }
  lively.value.join('ann', new FakeConnection());
  lively.value.join('ben', new FakeConnection());
  expect(ghostly.value.playerCount).toBe(5);
  expect(ghostly.value.livePlayerCount).toBe(0);
  const found = rooms.resolveForJoin('any');
  expect(found.ok ? found.value.id : found.error.code).toBe('lively');
});
