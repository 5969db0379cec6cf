import { ErrorCode } from '@arena/protocol';
import { expect, test } from 'vitest';
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
  expect(told).toEqual(['join ann', 'closed']);
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
