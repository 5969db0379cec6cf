import { decodeServerMessage, type ErrorCode, type ServerMessage } from '@arena/protocol';
import type { RoomConnection } from '../rooms/room-types';

/** A RoomConnection that decodes and keeps everything the room sends it. */
export class FakeConnection implements RoomConnection {
  readonly received: ServerMessage[] = [];
  closedWith: { code: ErrorCode; message: string } | undefined;

  send(bytes: Uint8Array): void {
    const decoded = decodeServerMessage(bytes);
    if (!decoded.ok) throw new Error(`room sent an undecodable message: ${decoded.error.message}`);
    this.received.push(decoded.value);
  }

  roomClosed(code: ErrorCode, message: string): void {
    this.closedWith = { code, message };
  }

  ofType<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.received.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }
}

export const silentLogger = { info() {}, warn() {}, error() {} };
