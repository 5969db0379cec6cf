import { hostname } from 'node:os';
import { ArenaError, ErrorCode } from '@arena/protocol';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Registry } from 'prom-client';
import type { Server } from 'socket.io';
import type { ClusterHandlers, ClusterPlugin, NodeState } from '../app/cluster-plugin';
import type { RoomDirectory } from '../rooms/room-directory';
import type { Logger } from '../rooms/room-types';
import { registerClusterMetrics } from './cluster-metrics';
import { ClusterRoomDirectory } from './cluster-room-directory';
import { ClusterView, type NodeRecord, parseNodeRecord } from './cluster-view';
import { NodeRegistry } from './node-registry';
import { closeRedis, connectRedis, type RedisConnections, redactedUrl } from './redis-connections';

/** A burst of local room changes (joins, a new room) is pushed to the other nodes once per this, ms. */
export const CLUSTER_PUSH_THROTTLE_MS = 100;
/** How long an admin request waits for the other nodes' answers, ms. */
export const CLUSTER_REQUEST_TIMEOUT_MS = 2000;

/** Socket.IO server-side events between nodes (never seen by clients). */
const EVENT = {
  node: 'arena:node',
  nodeLeft: 'arena:node-left',
  lobbyChat: 'arena:lobby-chat',
  announce: 'arena:announce',
  closeRoom: 'arena:close-room',
} as const;

export interface ClusterNodeOptions {
  readonly redisUrl: string;
  /** '' picks "<hostname>-<pid>". */
  readonly nodeId: string;
  readonly heartbeatMs: number;
  readonly nodeTtlMs: number;
  readonly logger: Logger;
}

/**
 * One Arena process's membership in a cluster: its heartbeat in the Redis registry, its view of
 * the other nodes, and the Socket.IO Redis adapter that carries messages between nodes.
 * createArenaServer imports it dynamically when `redisUrl` is set and uses it as its
 * ClusterPlugin; a single process never loads this module or Redis.
 */
export class ClusterNode implements ClusterPlugin {
  readonly nodeId: string;
  private readonly view: ClusterView;
  private readonly registry: NodeRegistry;
  private readonly startedAtMs = Date.now();
  private io: Server | undefined;
  private state: NodeState | undefined;
  private url = '';
  private seq = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private pushTimer: NodeJS.Timeout | undefined;
  private isBeating = false;
  private hasLeft = false;
  private isRedisDown = false;
  private viewChanged: () => void = () => {};

  private constructor(
    private readonly redis: RedisConnections,
    private readonly options: ClusterNodeOptions,
  ) {
    this.nodeId = options.nodeId || `${hostname()}-${process.pid}`;
    this.view = new ClusterView(this.nodeId);
    this.registry = new NodeRegistry(redis.registry, options.nodeTtlMs);
    this.watchConnections();
  }

  /** Connects to Redis; unreachable at start is ArenaError(CLUSTER_UNAVAILABLE) with the reason. */
  static async connect(options: ClusterNodeOptions): Promise<ClusterNode> {
    const redis = await connectRedis(options.redisUrl);
    options.logger.info(
      {
        redis: redactedUrl(options.redisUrl),
        heartbeatMs: options.heartbeatMs,
        nodeTtlMs: options.nodeTtlMs,
      },
      'cluster: connected to Redis',
    );
    return new ClusterNode(redis, options);
  }

  /** The cluster-wide room directory over this node's own rooms; `onViewChanged` fires when other nodes' rooms change. */
  createDirectory(local: RoomDirectory, onViewChanged: () => void): ClusterRoomDirectory {
    this.viewChanged = onViewChanged;
    return new ClusterRoomDirectory(local, this.view, {
      nodeId: this.nodeId,
      url: () => this.url,
      claimRoomId: (roomId) => this.claimRoomId(roomId),
    });
  }

  registerMetrics(registry: Registry): void {
    registerClusterMetrics(registry, this);
  }

  /**
   * Puts the Redis adapter under Socket.IO and answers the other nodes' events. The adapter is
   * used for server-to-server events only: players' messages never cross nodes.
   */
  attachIo(io: Server, handlers: ClusterHandlers): void {
    this.io = io;
    io.adapter(
      createAdapter(this.redis.pub, this.redis.sub, {
        key: 'arena#io',
        requestsTimeout: CLUSTER_REQUEST_TIMEOUT_MS,
      }),
    );
    io.on(EVENT.node, (raw: unknown) => {
      const record = parseNodeRecord(raw);
      if (record !== undefined && this.view.upsert(record)) this.viewChanged();
    });
    io.on(EVENT.nodeLeft, (nodeId: unknown) => {
      if (typeof nodeId === 'string' && this.view.remove(nodeId)) this.viewChanged();
    });
    io.on(EVENT.lobbyChat, (name: unknown, text: unknown) => {
      if (typeof name === 'string' && typeof text === 'string') handlers.lobbyChat(name, text);
    });
    io.on(EVENT.announce, (text: unknown, level: unknown) => {
      if (typeof text === 'string') handlers.announce(text, level === 'warn' ? 'warn' : 'info');
    });
    io.on(EVENT.closeRoom, (roomId: unknown, reason: unknown, ack: unknown) => {
      const closed =
        typeof roomId === 'string' && typeof reason === 'string' && handlers.closeRoom(roomId, reason);
      if (typeof ack === 'function') ack(closed);
    });
  }

  /** Registers this node under `url` and starts the heartbeat (after the server listens). */
  async start(url: string, state: NodeState): Promise<void> {
    this.url = url;
    this.state = state;
    this.heartbeat = setInterval(() => void this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
    await this.beat();
    this.options.logger.info(
      { nodeId: this.nodeId, url, nodes: this.view.nodes().length + 1 },
      'cluster: joined',
    );
  }

  /** This node's rooms or their players changed: tell the other nodes soon (throttled). */
  localRoomsChanged(): void {
    if (this.state === undefined || this.hasLeft || this.pushTimer !== undefined) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      this.push();
    }, CLUSTER_PUSH_THROTTLE_MS);
    this.pushTimer.unref();
  }

  /** Relays a lobby chat line to the other nodes' lobbies (lost while Redis is away). */
  relayLobbyChat(name: string, text: string): void {
    this.emit(EVENT.lobbyChat, name, text);
  }

  /** Relays an announcement to the other nodes; false if Redis is away (only this node got it). */
  relayAnnouncement(text: string, level: 'info' | 'warn'): boolean {
    return this.emit(EVENT.announce, text, level);
  }

  /** Asks the other nodes to close `roomId`; true if the node hosting it did. */
  async closeRemoteRoom(roomId: string, reason: string): Promise<boolean> {
    const io = this.io;
    if (io === undefined || this.redis.pub.status !== 'ready') {
      throw new ArenaError(
        ErrorCode.CLUSTER_UNAVAILABLE,
        'Redis is unreachable: the other nodes cannot be asked',
      );
    }
    try {
      // The adapter's requestsTimeout bounds the wait; a node that does not answer rejects it.
      const replies: unknown[] = await io.serverSideEmitWithAck(EVENT.closeRoom, roomId, reason);
      return replies.some((reply) => reply === true);
    } catch (error) {
      throw new ArenaError(
        ErrorCode.CLUSTER_UNAVAILABLE,
        `not every node answered within ${CLUSTER_REQUEST_TIMEOUT_MS} ms`,
        { cause: error },
      );
    }
  }

  /** This node's record and the other live nodes' (GET /api/cluster). */
  nodes(): NodeRecord[] {
    return [...(this.state === undefined ? [] : [this.record(this.seq)]), ...this.view.nodes()];
  }

  /** Whether the registry connection is up right now. */
  get isRedisUp(): boolean {
    return !this.isRedisDown;
  }

  /** Leaves the registry at once (graceful shutdown) so other nodes stop listing these rooms. */
  async leave(): Promise<void> {
    if (this.hasLeft) return;
    this.hasLeft = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.pushTimer);
    this.pushTimer = undefined;
    this.emit(EVENT.nodeLeft, this.nodeId);
    await this.registry.remove(this.nodeId).catch(() => {
      // Redis away: the key expires by itself within nodeTtlMs.
    });
  }

  /** Closes the Redis connections (after Socket.IO has closed, since its adapter uses them). */
  async close(): Promise<void> {
    await this.leave();
    await closeRedis(this.redis);
  }

  /** Writes this node's record (renewing its TTL), then reads everyone's and updates the view. */
  private async beat(): Promise<void> {
    if (this.isBeating || this.hasLeft || this.state === undefined) return;
    this.isBeating = true;
    try {
      await this.registry.write(this.record());
      const records = await this.registry.readAll();
      if (this.view.replace(records, Date.now())) this.viewChanged();
    } catch (error) {
      // The connection events log the outage once; rooms keep running meanwhile.
      if (!this.isRedisDown) this.options.logger.warn({ err: error }, 'cluster: heartbeat failed');
    } finally {
      this.isBeating = false;
    }
  }

  private push(): void {
    if (this.hasLeft || this.state === undefined) return;
    const record = this.record();
    this.emit(EVENT.node, record);
    this.registry.write(record).catch(() => {
      // Redis away: the next beat after it is back writes the record again.
    });
  }

  /** This node's record; each one written or pushed gets the next sequence number. */
  private record(seq = ++this.seq): NodeRecord {
    const state = this.state!;
    return {
      nodeId: this.nodeId,
      url: this.url,
      startedAtMs: this.startedAtMs,
      seq,
      sessions: state.sessions(),
      lobbyWatchers: state.lobbyWatchers(),
      rooms: state.rooms(),
    };
  }

  private async claimRoomId(roomId: string): Promise<'claimed' | 'taken' | 'unknown'> {
    try {
      if (await this.registry.claimRoomId(roomId, this.nodeId)) return 'claimed';
      return 'taken';
    } catch {
      return 'unknown';
    }
  }

  /** Emits to the other nodes; false (nothing sent) while Redis is away, so nothing queues up. */
  private emit(event: string, ...args: unknown[]): boolean {
    if (this.io === undefined || this.redis.pub.status !== 'ready') return false;
    this.io.serverSideEmit(event, ...args);
    return true;
  }

  /**
   * Redis going away is logged once; when it is back (possibly restarted, empty), this node
   * re-registers at once and holds off pruning for one TTL while the others do the same.
   */
  private watchConnections(): void {
    const { registry, pub, sub } = this.redis;
    for (const client of [pub, sub]) client.on('error', () => {});
    registry.on('error', (error: Error) => {
      if (this.isRedisDown) return;
      this.isRedisDown = true;
      this.options.logger.warn(
        { err: error.message },
        'cluster: Redis connection lost; rooms keep running, reconnecting',
      );
    });
    registry.on('close', () => {
      if (this.hasLeft || this.isRedisDown) return;
      this.isRedisDown = true;
      this.options.logger.warn({}, 'cluster: Redis connection lost; rooms keep running, reconnecting');
    });
    registry.on('ready', () => {
      if (!this.isRedisDown) return;
      this.isRedisDown = false;
      this.options.logger.info({}, 'cluster: Redis is back; registering this node again');
      this.view.holdPruning(Date.now() + this.options.nodeTtlMs);
      void this.beat();
    });
  }
}
