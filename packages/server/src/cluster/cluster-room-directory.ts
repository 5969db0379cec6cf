import { ErrorCode, fail, type Result } from '@arena/protocol';
import type { Room } from '../rooms/room';
import type { CreateRoomRequest, RoomCreator, RoomDirectory, RoomLocation } from '../rooms/room-directory';
import { pageOfRooms, type RoomPage, type RoomPageRequest } from '../rooms/room-page';
import { type ClusterRoomInfo, type ClusterView, withNode } from './cluster-view';

/** What the directory needs from its node: who it is, and the cluster-wide id claim. */
export interface ClusterSelf {
  readonly nodeId: string;
  /** This node's public URL ('' until it listens). */
  url(): string;
  /** 'taken' if another node holds the id; 'unknown' if Redis could not be asked. */
  claimRoomId(roomId: string): Promise<'claimed' | 'taken' | 'unknown'>;
}

/**
 * The rooms of the whole cluster behind the RoomDirectory shape. Rooms of this node are real
 * Room objects (the local directory runs them); rooms of other nodes are only known from the
 * registry, and `locate` says where to join them. Nothing here moves a room: a room is always
 * simulated by the one process that created it.
 */
export class ClusterRoomDirectory implements RoomDirectory {
  constructor(
    private readonly local: RoomDirectory,
    private readonly view: ClusterView,
    private readonly self: ClusterSelf,
  ) {}

  /** Rooms this process runs (maxRooms is per process). */
  get size(): number {
    return this.local.size;
  }

  /** Replay rooms run on the node that holds the recording (recordings are files of that node). */
  get replays() {
    return this.local.replays;
  }

  /** Every room of the cluster, each with the node that hosts it; this node's first. */
  list(): ClusterRoomInfo[] {
    const self = { nodeId: this.self.nodeId, url: this.self.url() };
    const own = this.local.list().map((room) => withNode(room, self));
    const ownIds = new Set(own.map((room) => room.id));
    return [...own, ...this.view.rooms().filter((room) => !ownIds.has(room.id))];
  }

  /** One page of the whole cluster's rooms, in id order, as a single process pages its own. */
  listPage(request: RoomPageRequest): RoomPage<ClusterRoomInfo> {
    const rooms = this.list().filter(
      (room) => request.kind === undefined || 'replay' in room === (request.kind === 'replay'),
    );
    return pageOfRooms(rooms, request);
  }

  get(id: string): Room | undefined {
    return this.local.get(id);
  }

  /** Creates a room here; an id another node already lists is refused like a local duplicate. */
  create(request: CreateRoomRequest, creator?: RoomCreator): Result<Room> {
    if (request.id !== undefined) {
      const elsewhere = this.view.locate(request.id);
      if (elsewhere !== undefined) return taken(request.id, elsewhere.node);
    }
    return this.local.create(request, creator);
  }

  /**
   * Like create, but an explicit id is first claimed in Redis, so two nodes asked for the same id
   * at the same moment cannot both create it. With Redis away the claim is skipped (rooms stay
   * creatable; a duplicate id is then possible until the registry is back, see docs/scaling.md).
   */
  async createClaimed(request: CreateRoomRequest, creator?: RoomCreator): Promise<Result<Room>> {
    if (request.id !== undefined && this.local.get(request.id) === undefined) {
      const elsewhere = this.view.locate(request.id);
      if (elsewhere !== undefined) return taken(request.id, elsewhere.node);
      if ((await this.self.claimRoomId(request.id)) === 'taken') return taken(request.id, 'another node');
    }
    return this.create(request, creator);
  }

  /** Joins are served by local rooms; "any" picks or creates one here (see docs/scaling.md). */
  resolveForJoin(roomId: string): Result<Room> {
    return this.local.resolveForJoin(roomId);
  }

  /** Where to join a room that another node hosts; undefined for rooms of this node or unknown ones. */
  locate(roomId: string): RoomLocation | undefined {
    if (this.local.get(roomId) !== undefined) return undefined;
    const room = this.view.locate(roomId);
    return room === undefined ? undefined : { roomId: room.id, node: room.node, url: room.url };
  }

  closeAll(code: ErrorCode, message: string): void {
    this.local.closeAll(code, message);
  }
}

function taken(roomId: string, node: string): Result<never> {
  return fail(ErrorCode.BAD_OPTION, `room ${roomId} already exists (on ${node})`);
}
