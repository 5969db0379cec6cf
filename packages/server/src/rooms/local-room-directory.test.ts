import { ErrorCode } from '@arena/protocol';
import { expect, test } from 'vitest';
import { DEFAULTS } from '../config/options';
import { FakeConnection, silentLogger } from '../testing/fake-connection';
import { ManualClock } from '../testing/manual-clock';
import { LocalRoomDirectory } from './local-room-directory';
import type { RoomHooks } from './room-hooks';
import type { RoomConfig } from './room-types';

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
