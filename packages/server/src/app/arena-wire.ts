import { ARENA_EVENT, ArenaSocketDecoder } from '@arena/protocol';
import type { Socket } from 'socket.io';

/** A socket's path for Arena messages, in both directions, as short as Socket.IO allows. */
export interface ArenaWire {
  /** Sends one encoded Arena message (one WebSocket frame). */
  send(bytes: Uint8Array): void;
  /** Bytes queued for this client and not yet handed to the kernel (backpressure). */
  bufferedBytes(): number;
  /** True when messages bypass Socket.IO's per-event path (the normal case). */
  readonly isFastPath: boolean;
}

/** The parts of engine.io and ws internals the fast path relies on (checked at run time). */
interface EngineConnection {
  readyState: string;
  upgrading: boolean;
  writeBuffer: unknown[];
  transport: { name: string; socket?: { send(data: Uint8Array): void; bufferedAmount: number } };
  write(data: Uint8Array): void;
}

/**
 * Arena's two hot messages (inputs in, snapshots out) skip Socket.IO's per-event machinery, as
 * `../shared/peers/FLOORS.md` measured that path to cost more than the bytes:
 * - In: the connection's decoder (arenaSocketParser) hands each Arena frame straight to
 *   `onMessage`, with no packet object, event dispatch, middleware or nextTick.
 * - Out: on an upgraded WebSocket with nothing queued inside engine.io, the bytes go straight to
 *   the `ws` socket as one binary frame (exactly the frame engine.io would write); otherwise
 *   through engine.io's own buffer, which keeps order during upgrades and on polling.
 * Socket.IO still owns the handshake, heartbeats, disconnects and every other event. When the
 * internals are not what this expects (another socket.io version), it falls back to plain
 * `socket.on('m')` / `socket.emit('m')`, which the tests would show as `isFastPath === false`.
 */
export function attachArenaWire(socket: Socket, onMessage: (bytes: Uint8Array) => void): ArenaWire {
  const decoder = (socket.client as unknown as { decoder?: unknown }).decoder;
  const connection = socket.conn as unknown as EngineConnection;
  if (!(decoder instanceof ArenaSocketDecoder)) {
    socket.on(ARENA_EVENT, (data: unknown) => onMessage(data as Uint8Array));
    return {
      send: (bytes) => socket.emit(ARENA_EVENT, bytes),
      bufferedBytes: () => 0,
      isFastPath: false,
    };
  }
  decoder.onArenaMessage = (bytes) => {
    if (socket.connected) onMessage(bytes);
  };
  // Other events named "m" (sent with another parser, or as text) still arrive the normal way.
  socket.on(ARENA_EVENT, (data: unknown) => onMessage(data as Uint8Array));
  return {
    send(bytes) {
      const ws = connection.transport.socket;
      if (
        ws !== undefined &&
        connection.transport.name === 'websocket' &&
        connection.readyState === 'open' &&
        !connection.upgrading &&
        connection.writeBuffer.length === 0
      ) {
        ws.send(bytes);
      } else if (connection.readyState === 'open') {
        connection.write(bytes);
      }
    },
    bufferedBytes() {
      const ws = connection.transport.socket;
      return ws?.bufferedAmount ?? 0;
    },
    isFastPath: true,
  };
}
