import type { ErrorCode, NetworkConditions, NetworkProfileName, Result, RoomMode } from '@arena/protocol';
import type { Room } from './room';
import type { RoomPage, RoomPageRequest } from './room-page';
import type { RoomInfo } from './room-types';
import type { SpectatorRooms } from './spectator-rooms';

/** What a caller may ask for when creating a room; missing fields take the server defaults. */
export interface CreateRoomRequest {
  readonly id?: string;
  readonly mode?: RoomMode;
  readonly tickRateHz?: number;
  readonly snapshotRateHz?: number;
  readonly maxPlayers?: number;
  readonly seed?: number;
  readonly strategy?: string;
  /** Lag compensation for shots (arena mode). @default true */
  readonly lagCompensation?: boolean;
  /** Simulated network on every player's connection: a profile name or custom conditions. @default none */
  readonly network?: NetworkProfileName | 'none' | NetworkConditions;
  /** Record the match for `arena replay`. @default false */
  readonly record?: boolean;
  /**
   * Server bots fill the room up to this many fighters while a human plays (0..maxPlayers; 0 = no
   * bots; bench rooms: 0 only). @default the server's minFighters, capped by maxPlayers
   */
  readonly minFighters?: number;
}

/** Who asked for a room over HTTP: its address, and whether the limits on squatting apply to it. */
export interface RoomCreator {
  readonly address: string;
  /**
   * A trusted address or a request with the admin token (an operator): may create bench rooms,
   * and its rooms neither count as its empty rooms nor close early for want of a player.
   */
  readonly isExempt: boolean;
}

/** Where to join a room that another process of the cluster simulates. */
export interface RoomLocation {
  readonly roomId: string;
  /** The hosting node's id in the cluster registry. */
  readonly node: string;
  /** The hosting node's base URL: clients connect there and join again. */
  readonly url: string;
}

/**
 * Where rooms are found. The single-process server keeps them in memory
 * (LocalRoomDirectory); a clustered one can answer from a shared registry behind the same shape.
 */
export interface RoomDirectory {
  list(): RoomInfo[];
  /** One page of the list, in id order (GET /api/rooms; see room-page.ts). */
  listPage(request: RoomPageRequest): RoomPage<RoomInfo>;
  get(id: string): Room | undefined;
  /**
   * A new room; `creator` is who asked over HTTP (rooms made in process, for an "any" join, have
   * none: they are neither counted nor closed early for want of a player). Fails
   * with TOO_MANY_ROOMS past maxRooms, RATE_LIMITED past the creator's rooms nobody has joined,
   * UNAUTHORIZED for a bench room from a creator who is not exempt, BAD_OPTION for a taken id.
   */
  create(request: CreateRoomRequest, creator?: RoomCreator): Result<Room>;
  /**
   * The room a join asks for: by id (ROOM_NOT_FOUND if absent), or for "any" the open arena room
   * with the most connected players (seats held for a rejoin count only to break ties), or a new one.
   */
  resolveForJoin(roomId: string): Result<Room>;
  /** Closes every room with this reason (shutdown). */
  closeAll(code: ErrorCode, message: string): void;
  readonly size: number;
  /**
   * A room hosted by another node of the cluster (clustered directories only): joins for it are
   * redirected there. Undefined for rooms of this process and unknown ids.
   */
  locate?(roomId: string): RoomLocation | undefined;
  /** Creates a room after claiming its id cluster-wide (clustered directories only; else `create`). */
  createClaimed?(request: CreateRoomRequest, creator?: RoomCreator): Promise<Result<Room>>;
  /**
   * Replay rooms of this process and the recordings they play (docs/netcode.md, Replays);
   * undefined where replays are not offered. Their rooms are listed by `list` but not returned
   * by `get` or `resolveForJoin`: sessions join them through here.
   */
  readonly replays?: SpectatorRooms;
}
