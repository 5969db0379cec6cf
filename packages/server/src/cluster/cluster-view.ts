import type { RoomInfo } from '../rooms/room-types';

/** What one node publishes about itself: who it is, where players reach it, and its rooms. */
export interface NodeRecord {
  readonly nodeId: string;
  /** Base URL players connect to for this node's rooms. */
  readonly url: string;
  /** Wall clock when the node started, ms: a restarted node with the same id is a new incarnation. */
  readonly startedAtMs: number;
  /** Increases with every record the node writes, so an older copy never replaces a newer one. */
  readonly seq: number;
  /** Connected player sessions (in a room or in the lobby). */
  readonly sessions: number;
  readonly lobbyWatchers: number;
  readonly rooms: readonly RoomInfo[];
}

/** A room as the cluster lists it: the room's own info plus the node that simulates it. */
export interface ClusterRoomInfo extends RoomInfo {
  readonly node: string;
  readonly url: string;
}

interface KnownNode {
  readonly record: NodeRecord;
  /** The record as JSON, to tell a real change from a heartbeat that repeats the same state. */
  readonly json: string;
}

/**
 * This node's picture of the other nodes, fed by pushes (pub/sub) and periodic registry reads.
 * Plain data and no clock of its own: callers pass the time, so the rules are unit-tested.
 */
export class ClusterView {
  private readonly known = new Map<string, KnownNode>();
  private holdPruningUntilMs = 0;

  constructor(private readonly selfId: string) {}

  /** A node's record arrived; older incarnations or sequence numbers are ignored. True if the view changed. */
  upsert(record: NodeRecord): boolean {
    if (record.nodeId === this.selfId) return false;
    const current = this.known.get(record.nodeId);
    if (current !== undefined && isOlder(record, current.record)) return false;
    const json = JSON.stringify(record);
    this.known.set(record.nodeId, { record, json });
    return current?.json !== json;
  }

  /**
   * A complete read of the registry: each record is upserted, and nodes missing from it are gone
   * (their heartbeat key expired), unless pruning is on hold after a Redis reconnect.
   */
  replace(records: readonly NodeRecord[], nowMs: number): boolean {
    let isChanged = false;
    for (const record of records) isChanged = this.upsert(record) || isChanged;
    if (nowMs < this.holdPruningUntilMs) return isChanged;
    const present = new Set(records.map((record) => record.nodeId));
    for (const nodeId of [...this.known.keys()]) {
      if (!present.has(nodeId)) isChanged = this.remove(nodeId) || isChanged;
    }
    return isChanged;
  }

  /** A node said it is leaving, or its heartbeat expired. */
  remove(nodeId: string): boolean {
    return this.known.delete(nodeId);
  }

  /**
   * After Redis comes back empty (a restart), every node re-registers on its next beat; until
   * then a read would wrongly show live nodes as gone, so reads only add until `untilMs`.
   */
  holdPruning(untilMs: number): void {
    this.holdPruningUntilMs = Math.max(this.holdPruningUntilMs, untilMs);
  }

  /** The other nodes' records, by node id. */
  nodes(): NodeRecord[] {
    return [...this.known.values()]
      .map((node) => node.record)
      .sort((a, b) => a.nodeId.localeCompare(b.nodeId));
  }

  /** Every room of the other nodes, each with its node. */
  rooms(): ClusterRoomInfo[] {
    return this.nodes().flatMap((node) => node.rooms.map((room) => withNode(room, node)));
  }

  /** The node hosting `roomId`, if another node does. */
  locate(roomId: string): ClusterRoomInfo | undefined {
    for (const { record } of this.known.values()) {
      const room = record.rooms.find((candidate) => candidate.id === roomId);
      if (room !== undefined) return withNode(room, record);
    }
    return undefined;
  }
}

/** `room` with the node that hosts it. */
export function withNode(room: RoomInfo, node: Pick<NodeRecord, 'nodeId' | 'url'>): ClusterRoomInfo {
  return { ...room, node: node.nodeId, url: node.url };
}

function isOlder(candidate: NodeRecord, current: NodeRecord): boolean {
  if (candidate.startedAtMs !== current.startedAtMs) return candidate.startedAtMs < current.startedAtMs;
  return candidate.seq < current.seq;
}

/** Parses a record read from Redis or received from another node; undefined if it is not one. */
export function parseNodeRecord(value: unknown): NodeRecord | undefined {
  let data: unknown = value;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Partial<NodeRecord>;
  if (
    typeof record.nodeId !== 'string' ||
    typeof record.url !== 'string' ||
    typeof record.startedAtMs !== 'number' ||
    typeof record.seq !== 'number' ||
    !Array.isArray(record.rooms)
  ) {
    return undefined;
  }
  return {
    nodeId: record.nodeId,
    url: record.url,
    startedAtMs: record.startedAtMs,
    seq: record.seq,
    sessions: typeof record.sessions === 'number' ? record.sessions : 0,
    lobbyWatchers: typeof record.lobbyWatchers === 'number' ? record.lobbyWatchers : 0,
    rooms: record.rooms.filter(
      (room): room is RoomInfo => typeof room === 'object' && room !== null && typeof room.id === 'string',
    ),
  };
}
