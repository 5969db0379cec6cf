import { ARENA_EVENT, ArenaSocketDecoder, isArenaFrame } from '@arena/protocol';
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

/** The parts of `ws` the fast path uses: its socket, its frame writer, its message event. */
interface WsSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly _sender?: { sendFrame(list: Uint8Array[], callback?: () => void): void };
  listeners(event: 'message'): ((data: Buffer, isBinary: boolean) => void)[];
  removeAllListeners(event: 'message'): void;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
}

interface EngineTransport {
  readonly name: string;
  readonly socket?: WsSocket;
}

/** The parts of engine.io's socket the fast path checks before writing below it. */
interface EngineConnection {
  readonly readyState: string;
  readonly upgrading: boolean;
  readonly writeBuffer: unknown[];
  readonly transport: EngineTransport;
  write(data: Uint8Array): void;
  on(event: 'upgrade', listener: (transport: EngineTransport) => void): void;
}

const WS_OPEN = 1;

/**
 * Arena's two hot messages (inputs in, snapshots out) skip Socket.IO's per-event machinery:
 * `../shared/peers/FLOORS.md` measured that path to cost more than the bytes do.
 *
 * - In, on WebSocket: binary frames that are Arena messages (first byte a record byte) are taken
 *   from the `ws` socket before engine.io sees them and handed to `onMessage`; everything else
 *   (engine.io pings, Socket.IO packets) goes to engine.io's own listener unchanged. On polling,
 *   the decoder (arenaSocketParser) does the same one level up, without a Socket.IO event.
 * - Out, on an upgraded WebSocket with nothing queued inside engine.io: the message and its
 *   WebSocket header are written as one buffer through ws's frame writer (one `write` call, the
 *   same bytes ws would send; engine.io does this for its pre-encoded frames). Otherwise
 *   engine.io's buffer keeps the order, during upgrades and on polling.
 *
 * Socket.IO still owns the handshake, heartbeats, disconnects and every other event. The size
 * limit (`maxHttpBufferSize`) is enforced by ws itself (its `maxPayload`). When the internals are
 * not what this expects (another socket.io or ws version), it falls back to plain
 * `socket.on('m')` / `socket.emit('m')`; `isFastPath` and the tests tell.
 */
export function attachArenaWire(socket: Socket, onMessage: (bytes: Uint8Array) => void): ArenaWire {
  const decoder = (socket.client as unknown as { decoder?: unknown }).decoder;
  const connection = socket.conn as unknown as EngineConnection;
  // Other events named "m" (sent with another parser, or as text) still arrive the normal way.
  socket.on(ARENA_EVENT, (data: unknown) => onMessage(data as Uint8Array));
  if (!(decoder instanceof ArenaSocketDecoder)) {
    return { send: (bytes) => socket.emit(ARENA_EVENT, bytes), bufferedBytes: () => 0, isFastPath: false };
  }
  const deliver = (bytes: Uint8Array) => {
    if (socket.connected) onMessage(bytes);
  };
  decoder.onArenaMessage = deliver;
  interceptArenaFrames(connection.transport, deliver);
  connection.on('upgrade', (transport) => interceptArenaFrames(transport, deliver));
  return {
    send(bytes) {
      const ws = connection.transport.socket;
      if (
        ws?._sender !== undefined &&
        ws.readyState === WS_OPEN &&
        connection.transport.name === 'websocket' &&
        connection.readyState === 'open' &&
        !connection.upgrading &&
        connection.writeBuffer.length === 0
      ) {
        ws._sender.sendFrame([binaryFrame(bytes)]);
      } else if (connection.readyState === 'open') {
        connection.write(bytes);
      }
    },
    bufferedBytes: () => connection.transport.socket?.bufferedAmount ?? 0,
    isFastPath: true,
  };
}

/** Puts a filter in front of engine.io's `message` listener on a WebSocket transport. */
function interceptArenaFrames(transport: EngineTransport, deliver: (bytes: Uint8Array) => void): void {
  const ws = transport.socket;
  if (transport.name !== 'websocket' || ws === undefined) return;
  const engineListeners = ws.listeners('message');
  ws.removeAllListeners('message');
  ws.on('message', (data, isBinary) => {
    if (isBinary && isArenaFrame(data)) {
      deliver(data);
      return;
    }
    for (const listener of engineListeners) listener.call(ws, data, isBinary);
  });
}

/** An unmasked, final, binary WebSocket frame (RFC 6455 5.2) holding `payload`, as one buffer. */
function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.length;
  const headerBytes = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  frame[0] = 0x82;
  if (headerBytes === 2) {
    frame[1] = length;
  } else if (headerBytes === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(length, 6);
  }
  frame.set(payload, headerBytes);
  return frame;
}
