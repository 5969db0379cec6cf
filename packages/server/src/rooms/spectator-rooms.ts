import type { ErrorCode } from '@arena/protocol';
import type { Room } from './room';
import type { RoomInfo } from './room-types';

/** What a session talks to once seated: a live Room, or a replay room it watches as a spectator. */
export type SeatedRoom = Pick<
  Room,
  | 'id'
  | 'isClosed'
  | 'join'
  | 'leave'
  | 'suspend'
  | 'resume'
  | 'chat'
  | 'receiveInput'
  | 'receiveAck'
  | 'fail'
>;

/** A room that sessions join to watch rather than to play (a replay): what sessions and the HTTP API call. */
export type WatchedRoom = SeatedRoom & Pick<Room, 'byteAttribution' | 'info' | 'tickCount'>;

/**
 * Rooms of this process that sessions watch (replay rooms, plugged in at the composition root):
 * listed and counted with the live rooms and closed with them, but never returned by `get` or
 * `resolveForJoin`.
 */
export interface SpectatorRooms {
  readonly size: number;
  list(): RoomInfo[];
  get(id: string): WatchedRoom | undefined;
  closeAll(code: ErrorCode, message: string): void;
}

/** What the directory that hosts spectator rooms offers them. */
export interface SpectatorRoomsHost {
  /** False when the process runs as many rooms (live and watched) as it may. */
  hasRoomFor(): boolean;
  /** True for an id a live room already uses. */
  isIdTaken(id: string): boolean;
  /** A spectator room was created or closed, or its spectators or state changed. */
  changed(): void;
}
