import type { Registry } from 'prom-client';
import type { Server } from 'socket.io';
import type { RoomDirectory } from '../rooms/room-directory';
import type { RoomInfo } from '../rooms/room-types';

/** What this node reports about itself (heartbeats; GET /api/cluster without a cluster). */
export interface NodeState {
  rooms(): RoomInfo[];
  sessions(): number;
  lobbyWatchers(): number;
}

/** One node as GET /api/cluster lists it. */
export interface NodeSummary {
  readonly nodeId: string;
  /** Base URL players connect to for this node's rooms. */
  readonly url: string;
  readonly sessions: number;
  readonly lobbyWatchers: number;
  readonly rooms: readonly RoomInfo[];
}

/** What this node does when another node asks (lobby chat, announcements, admin actions). */
export interface ClusterHandlers {
  lobbyChat(name: string, text: string): void;
  announce(text: string, level: 'info' | 'warn'): void;
  /** Closes the room if this node hosts it; true if it did. */
  closeRoom(roomId: string, reason: string): boolean;
}

/**
 * This process as one node of a cluster, as the composition root plugs it in. The
 * implementation (cluster/cluster-node.ts, over Redis) is loaded with a dynamic import only when
 * `redisUrl` is set, so a single process never loads cluster or Redis code; everything that
 * works without a cluster asks for this as `ClusterPlugin | undefined`.
 */
export interface ClusterPlugin {
  readonly nodeId: string;
  /** Whether Redis answers right now. */
  readonly isRedisUp: boolean;
  /** The directory of every node's rooms around this process's own; `onViewChanged` fires when other nodes' rooms change. */
  createDirectory(local: RoomDirectory, onViewChanged: () => void): RoomDirectory;
  /** Adds the cluster's gauges to the server's metrics. */
  registerMetrics(registry: Registry): void;
  /** Carries server-to-server events over Socket.IO and answers the other nodes with `handlers`. */
  attachIo(io: Server, handlers: ClusterHandlers): void;
  /** Registers this node under `url` and starts its heartbeat (once the server listens). */
  start(url: string, state: NodeState): Promise<void>;
  /** This node's rooms or their players changed: tell the other nodes. */
  localRoomsChanged(): void;
  relayLobbyChat(name: string, text: string): void;
  /** Tells the other nodes' players; false when Redis is away (only this node told its own). */
  relayAnnouncement(text: string, level: 'info' | 'warn'): boolean;
  /** Asks the other nodes to close `roomId`; true if its node did. Throws CLUSTER_UNAVAILABLE without Redis. */
  closeRemoteRoom(roomId: string, reason: string): Promise<boolean>;
  /** This node and the other live ones. */
  nodes(): readonly NodeSummary[];
  /** Leaves the registry at once (graceful shutdown). */
  leave(): Promise<void>;
  /** Closes the Redis connections (after Socket.IO closed). */
  close(): Promise<void>;
}
