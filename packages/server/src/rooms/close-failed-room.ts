import { ErrorCode as Codes, type ErrorCode } from '@arena/protocol';
import type { Logger } from './room-types';

/** What happened: the exception, where it was thrown, and the room's tick then. */
export interface RoomFailure {
  readonly error: unknown;
  /** 'tick', 'message handler', 'seat release', ... */
  readonly where: string;
  readonly tick: number;
}

/**
 * Closes a room with ROOM_ERROR after an exception in its tick or in a message handler, and
 * logs it: the failure stays in that room, every other room keeps running.
 */
export function closeFailedRoom(
  room: { readonly id: string; close(code: ErrorCode, message: string): void },
  logger: Logger,
  failure: RoomFailure,
  kind: 'room' | 'replay' = 'room',
): void {
  const { error, where, tick } = failure;
  logger.error({ err: error, roomId: room.id, tick, where }, `${kind} ${where} failed; closing room`);
  room.close(Codes.ROOM_ERROR, `room ${room.id} stopped after an internal error`);
}
