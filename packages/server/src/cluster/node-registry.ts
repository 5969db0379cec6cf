import type { Redis } from 'ioredis';
import { type NodeRecord, parseNodeRecord } from './cluster-view';

/** Every key Arena writes starts with this, so one Redis can serve other things too. */
export const KEY_PREFIX = 'arena:';
const NODES_KEY = `${KEY_PREFIX}nodes`;
const nodeKey = (nodeId: string) => `${KEY_PREFIX}node:${nodeId}`;
const claimKey = (roomId: string) => `${KEY_PREFIX}room-claim:${roomId}`;

/**
 * The registry in Redis. Each node owns one key, `arena:node:<id>`, holding its whole record
 * (rooms included) with a TTL its heartbeat keeps renewing: a node that stops beating (killed,
 * frozen, cut off) vanishes with its rooms when the key expires, without anyone cleaning up.
 * The set `arena:nodes` only indexes the keys; stale members are pruned by readers.
 */
export class NodeRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly nodeTtlMs: number,
  ) {}

  /** Writes this node's record with a fresh TTL (the heartbeat). */
  async write(record: NodeRecord): Promise<void> {
    await this.redis
      .multi()
      .set(nodeKey(record.nodeId), JSON.stringify(record), 'PX', this.nodeTtlMs)
      .sadd(NODES_KEY, record.nodeId)
      .exec();
  }

  /** Every live node's record; index entries whose key expired are removed on the way. */
  async readAll(): Promise<NodeRecord[]> {
    const nodeIds = await this.redis.smembers(NODES_KEY);
    if (nodeIds.length === 0) return [];
    const values = await this.redis.mget(nodeIds.map(nodeKey));
    const records: NodeRecord[] = [];
    const expired: string[] = [];
    values.forEach((value, index) => {
      const record = value === null ? undefined : parseNodeRecord(value);
      if (record === undefined) expired.push(nodeIds[index]!);
      else records.push(record);
    });
    // A node that comes back re-adds itself on its next beat, so removing it here is safe.
    if (expired.length > 0) await this.redis.srem(NODES_KEY, ...expired);
    return records;
  }

  /** Removes this node at once (graceful shutdown), instead of waiting for the TTL. */
  async remove(nodeId: string): Promise<void> {
    await this.redis.multi().del(nodeKey(nodeId)).srem(NODES_KEY, nodeId).exec();
  }

  /**
   * Claims a room id for a moment, cluster-wide: two nodes asked for the same id at the same
   * time cannot both get it. The claim outlives the push of the creator's new record; after
   * that, the record itself shows the id as taken.
   */
  async claimRoomId(roomId: string, nodeId: string): Promise<boolean> {
    return (await this.redis.set(claimKey(roomId), nodeId, 'PX', this.nodeTtlMs, 'NX')) === 'OK';
  }
}
