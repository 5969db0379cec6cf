import { describe, expect, test } from 'vitest';
import type { RoomInfo } from '../rooms/room-types';
import { ClusterView, type NodeRecord, parseNodeRecord } from './cluster-view';

function room(id: string, players = 0): RoomInfo {
  return {
    id,
    mode: 'arena',
    players,
    maxPlayers: 16,
    tickRateHz: 60,
    snapshotRateHz: 60,
    strategy: 'delta',
    lagCompensation: true,
    network: 'none',
    recording: false,
  };
}

function node(nodeId: string, rooms: RoomInfo[], seq = 1, startedAtMs = 1000): NodeRecord {
  return { nodeId, url: `http://${nodeId}:3000`, startedAtMs, seq, sessions: 0, lobbyWatchers: 0, rooms };
}

describe('ClusterView', () => {
  test('lists and locates the other nodes rooms, never its own node', () => {
    const view = new ClusterView('a');
    expect(view.upsert(node('a', [room('mine')]))).toBe(false);
    expect(view.upsert(node('b', [room('duel')]))).toBe(true);
    expect(view.rooms()).toEqual([{ ...room('duel'), node: 'b', url: 'http://b:3000' }]);
    expect(view.locate('duel')?.url).toBe('http://b:3000');
    expect(view.locate('mine')).toBeUndefined();
  });

  test('an older record (lower seq, or an earlier incarnation) never replaces a newer one', () => {
    const view = new ClusterView('a');
    view.upsert(node('b', [room('x', 2)], 5));
    expect(view.upsert(node('b', [room('x', 1)], 4))).toBe(false);
    expect(view.rooms()[0]?.players).toBe(2);
    expect(view.upsert(node('b', [], 1, 2000))).toBe(true);
    expect(view.rooms()).toEqual([]);
  });

  test('a heartbeat that repeats the same rooms is not a change', () => {
    const view = new ClusterView('a');
    view.upsert(node('b', [room('x')], 1));
    expect(view.upsert({ ...node('b', [room('x')], 2) })).toBe(true); // seq is part of the record
    expect(view.replace([node('b', [room('x')], 2)], 0)).toBe(false);
  });

  test('a registry read drops nodes whose heartbeat expired', () => {
    const view = new ClusterView('a');
    view.upsert(node('b', [room('x')]));
    view.upsert(node('c', [room('y')]));
    expect(view.replace([node('c', [room('y')])], 10_000)).toBe(true);
    expect(view.nodes().map((known) => known.nodeId)).toEqual(['c']);
  });

  test('after a Redis reconnect, reads only add until the hold ends (nodes re-register meanwhile)', () => {
    const view = new ClusterView('a');
    view.upsert(node('b', [room('x')]));
    view.holdPruning(5000);
    expect(view.replace([], 4999)).toBe(false);
    expect(view.locate('x')).toBeDefined();
    expect(view.replace([], 5000)).toBe(true);
    expect(view.locate('x')).toBeUndefined();
  });
});

describe('parseNodeRecord', () => {
  test('accepts a record as JSON or as an object, and refuses anything else', () => {
    const record = node('b', [room('x')]);
    expect(parseNodeRecord(JSON.stringify(record))).toEqual(record);
    expect(parseNodeRecord(record)).toEqual(record);
    expect(parseNodeRecord('{not json')).toBeUndefined();
    expect(parseNodeRecord({ nodeId: 'b' })).toBeUndefined();
    expect(parseNodeRecord(null)).toBeUndefined();
  });
});
