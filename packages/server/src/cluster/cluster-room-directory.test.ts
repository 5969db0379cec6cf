import { ErrorCode } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { DEFAULTS } from '../config/options';
import { LocalRoomDirectory } from '../rooms/local-room-directory';
import type { RoomInfo } from '../rooms/room-types';
import { ManualClock } from '../testing/manual-clock';
import { ClusterRoomDirectory, type ClusterSelf } from './cluster-room-directory';
import { ClusterView } from './cluster-view';

const silent = { info() {}, warn() {}, error() {} };

function remoteRoom(id: string): RoomInfo {
  return {
    id,
    mode: 'arena',
    players: 3,
    maxPlayers: 16,
    tickRateHz: 60,
    snapshotRateHz: 60,
    strategy: 'delta',
    lagCompensation: true,
    network: 'none',
    recording: false,
  };
}

function setup(claim: Awaited<ReturnType<ClusterSelf['claimRoomId']>> = 'claimed') {
  const local = new LocalRoomDirectory({ defaults: DEFAULTS, logger: silent, clock: new ManualClock() });
  const view = new ClusterView('a');
  view.upsert({
    nodeId: 'b',
    url: 'http://b:3001',
    startedAtMs: 1,
    seq: 1,
    sessions: 3,
    lobbyWatchers: 0,
    rooms: [remoteRoom('far')],
  });
  const claimed: string[] = [];
  const self: ClusterSelf = {
    nodeId: 'a',
    url: () => 'http://a:3000',
    claimRoomId: async (roomId) => {
      claimed.push(roomId);
      return claim;
    },
  };
  return { local, directory: new ClusterRoomDirectory(local, view, self), claimed };
}

describe('ClusterRoomDirectory', () => {
  test('lists this node rooms and the other nodes, each with its node and URL; runs only its own', () => {
    const { directory, local } = setup();
    expect(directory.create({ id: 'near' }).ok).toBe(true);
    expect(directory.list().map((room) => [room.id, room.node, room.url])).toEqual([
      ['near', 'a', 'http://a:3000'],
      ['far', 'b', 'http://b:3001'],
    ]);
    expect(directory.size).toBe(1);
    expect(directory.get('far')).toBeUndefined();
    expect(directory.locate('far')).toEqual({ roomId: 'far', node: 'b', url: 'http://b:3001' });
    expect(directory.locate('near')).toBeUndefined();
    local.closeAll(ErrorCode.SERVER_SHUTDOWN, 'test over');
  });

  test('an id another node lists is refused like a local duplicate, without asking Redis', async () => {
    const { directory, claimed } = setup();
    const refused = await directory.createClaimed({ id: 'far' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: ErrorCode.BAD_OPTION });
    expect(claimed).toEqual([]);
  });

  test('an explicit id is claimed in Redis first; a claim held elsewhere refuses it', async () => {
    const held = setup('taken');
    expect((await held.directory.createClaimed({ id: 'race' })).ok).toBe(false);
    expect(held.claimed).toEqual(['race']);

    const free = setup('unknown'); // Redis away: created anyway (see docs/scaling.md)
    const created = await free.directory.createClaimed({ id: 'race' });
    expect(created.ok).toBe(true);
    free.local.closeAll(ErrorCode.SERVER_SHUTDOWN, 'test over');
  });

  test('rooms without an id are never claimed (fresh random ids)', async () => {
    const { directory, claimed, local } = setup();
    expect((await directory.createClaimed({})).ok).toBe(true);
    expect(claimed).toEqual([]);
    local.closeAll(ErrorCode.SERVER_SHUTDOWN, 'test over');
  });

  test('pages the whole cluster by id, the way a single process pages its own rooms', () => {
    const { directory, local } = setup();
    for (const id of ['m', 'a', 'z']) expect(directory.create({ id }).ok).toBe(true);
    const first = directory.listPage({ limit: 2 });
    expect(first.rooms.map((room) => [room.id, room.node])).toEqual([
      ['a', 'a'],
      ['far', 'b'],
    ]);
    expect(first.nextCursor).toBe('far');
    const rest = directory.listPage({ limit: 2, cursor: 'far' });
    expect(rest.rooms.map((room) => room.id)).toEqual(['m', 'z']);
    expect(rest.nextCursor).toBeUndefined();
    expect(local.listPage({ limit: 2 }).rooms.map((room) => room.id)).toEqual(['a', 'm']);
    expect(directory.listPage({ limit: 10, kind: 'replay' }).rooms).toEqual([]);
  });
});
