import {
  ARENA_EVENT,
  ArenaSocketDecoder,
  encodeSnapshotMessage,
  isArenaFrame,
  type NetworkConditions,
  RECORD,
  recordIndexOf,
  snapshotMessageLength,
  writeSnapshotMessage,
} from '@arena/protocol';
import type { Socket } from 'socket.io';
import { DelayLine } from './delay-line';
import type { PendingReads } from './pending-reads';
import {
  type ArenaFrameReader,
  binaryFrameFor,
  type DescriptorSocket,
  descriptorOf,
  frameHeaderBytes,
  readArenaFramesBeforeWs,
  writeBinaryFrameHeader,
  writeToDescriptor,
} from './websocket-frames';

/** A socket's path for Arena messages, in both directions, as short as Socket.IO allows. */
export interface ArenaWire {
  /** Sends one encoded Arena message (one WebSocket frame). */
  send(bytes: Uint8Array): void;
  /**
   * Sends a snapshot message built straight into its WebSocket frame: one buffer, one copy of
   * the (shared) body, the hot path of every tick. Same bytes on the wire as `send`.
   */
  sendSnapshot(tick: number, ackSeq: number, body: Uint8Array): void;
  /** Bytes queued for this client and not yet handed to the kernel (backpressure). */
  bufferedBytes(): number;
  /** True when messages bypass Socket.IO's per-event path (the normal case). */
  readonly isFastPath: boolean;
  /**
   * Simulates network conditions on this connection, both directions (undefined = none):
   * messages are delayed, throttled, and snapshots dropped; see NetworkShaper for what is modeled.
   */
  simulateNetwork(conditions: NetworkConditions | undefined): void;
  readonly simulatedNetwork: NetworkConditions | undefined;
}

/** The parts of `ws` the fast path uses: its socket, its frame writer, its message event. */
interface WsSocket {
  readonly readyState: number;
  readonly _receiver?: unknown;
  readonly _socket?: DescriptorSocket;
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
 * - In, on WebSocket: frames that are Arena messages are read from the socket's bytes before
 *   `ws` parses them (websocket-frames.ts) and handed to `onMessage`; everything else (engine.io
 *   pings, Socket.IO packets) goes to `ws` and engine.io unchanged. With `pendingReads`, the
 *   connection is also read straight from its descriptor after each sleep between ticks. On
 *   polling, the decoder (arenaSocketParser) takes Arena messages one level up, without a
 *   Socket.IO event.
 * - Out, on an upgraded WebSocket with nothing queued in engine.io, ws, Node or libuv: the
 *   message and its WebSocket header go out as one frame with one `write(2)` on the descriptor
 *   (the same bytes ws would send); what the kernel does not take, and everything while
 *   something is queued, goes through ws's frame writer, or engine.io's buffer during upgrades
 *   and on polling, which keeps the order.
 *
 * Socket.IO still owns the handshake, heartbeats, disconnects and every other event. The size
 * limit (`maxHttpBufferSize`) is enforced by ws itself (its `maxPayload`). When the internals are
 * not what this expects (another socket.io or ws version), it falls back to plain
 * `socket.on('m')` / `socket.emit('m')`; `isFastPath` and the tests tell.
 */
export function attachArenaWire(
  socket: Socket,
  onMessage: (bytes: Uint8Array) => void,
  pendingReads?: PendingReads,
): ArenaWire {
  const decoder = (socket.client as unknown as { decoder?: unknown }).decoder;
  const connection = socket.conn as unknown as EngineConnection;
  const isFastPath = decoder instanceof ArenaSocketDecoder;
  const inbound = new DelayLine((bytes) => {
    if (socket.connected) onMessage(bytes);
  });
  const outbound = new DelayLine(isFastPath ? writeNow : (bytes) => socket.emit(ARENA_EVENT, bytes));
  const deliver = (bytes: Uint8Array) => inbound.push(bytes, false);
  let directReader: ArenaFrameReader | undefined;
  /** The WebSocket's descriptor, for direct writes (undefined before the upgrade, or on TLS). */
  let fd: number | undefined;
  // Other events named "m" (sent with another parser, or as text) still arrive the normal way.
  socket.on(ARENA_EVENT, (data: unknown) => deliver(data as Uint8Array));
  if (isFastPath) {
    decoder.onArenaMessage = deliver;
    const intercept = (transport: EngineTransport) => {
      fd = transport.name === 'websocket' ? descriptorOf(transport.socket?._socket) : undefined;
      const reader = interceptArenaFrames(transport, deliver);
      if (reader === undefined || pendingReads === undefined) return;
      // Direct reads hand over views of a shared buffer: only while nothing here keeps messages
      // (a simulated network queues them).
      directReader = {
        readPending(scratch) {
          if (inbound.isPassThrough) reader.readPending(scratch);
        },
      };
      pendingReads.add(directReader);
    };
    intercept(connection.transport);
    connection.on('upgrade', intercept);
  }
  socket.on('disconnect', () => {
    inbound.clear();
    outbound.clear();
    if (directReader !== undefined) pendingReads?.remove(directReader);
  });
  return {
    send: (bytes) => outbound.push(bytes, recordIndexOf(bytes) === RECORD.snapshot),
    sendSnapshot(tick, ackSeq, body) {
      if (isFastPath && outbound.isPassThrough && canWriteFrames()) {
        // Built in a buffer shared by every connection: a direct write copies it into the
        // kernel at once, so nothing is allocated per client; what ws must keep is copied.
        const length = snapshotMessageLength(tick, ackSeq, body.length);
        const total = frameHeaderBytes(length) + length;
        const frame = frameScratch(total);
        writeBinaryFrameHeader(frame, length);
        writeSnapshotMessage(frame, total - length, tick, ackSeq, body);
        writeFrame(frame, total, true);
      } else {
        outbound.push(encodeSnapshotMessage(tick, ackSeq, body), true);
      }
    },
    bufferedBytes: () => (connection.transport.socket?.bufferedAmount ?? 0) + outbound.queuedBytes,
    isFastPath,
    simulateNetwork(conditions) {
      inbound.simulate(conditions);
      outbound.simulate(conditions);
    },
    get simulatedNetwork() {
      return outbound.conditions;
    },
  };

  /** Whether frames can go straight to ws: an upgraded, open WebSocket with nothing queued in engine.io. */
  function canWriteFrames(): boolean {
    const ws = connection.transport.socket;
    return (
      ws?._sender !== undefined &&
      ws.readyState === WS_OPEN &&
      connection.transport.name === 'websocket' &&
      connection.readyState === 'open' &&
      !connection.upgrading &&
      connection.writeBuffer.length === 0
    );
  }

  /**
   * Writes the first `length` bytes of `frame`, a whole frame: straight to the descriptor when
   * nothing waits before it, else (or the rest of it) through ws. A shared `frame` is copied
   * for ws, which keeps what it cannot write at once.
   */
  function writeFrame(frame: Buffer, length: number, isShared: boolean): void {
    const ws = connection.transport.socket!;
    const written =
      fd !== undefined && ws._socket !== undefined && ws.bufferedAmount === 0
        ? writeToDescriptor(ws._socket, fd, frame, length)
        : 0;
    if (written === length) return;
    const rest = frame.subarray(written, length);
    ws._sender!.sendFrame([isShared ? Buffer.from(rest) : rest]);
  }

  function writeNow(bytes: Uint8Array): void {
    if (canWriteFrames()) {
      const frame = binaryFrameFor(bytes.length);
      frame.set(bytes, frame.length - bytes.length);
      writeFrame(frame, frame.length, false);
    } else if (connection.readyState === 'open') {
      connection.write(bytes);
    }
  }
}

/**
 * On a WebSocket transport, takes Arena frames off the socket before `ws` parses them (see
 * websocket-frames.ts), and puts a filter in front of engine.io's `message` listener for the
 * Arena frames `ws` still parses (split across reads, or behind another frame in one read).
 */
function interceptArenaFrames(
  transport: EngineTransport,
  deliver: (bytes: Uint8Array) => void,
): ArenaFrameReader | undefined {
  const ws = transport.socket;
  if (transport.name !== 'websocket' || ws === undefined) return undefined;
  const reader = readArenaFramesBeforeWs(ws, deliver);
  const engineListeners = ws.listeners('message');
  ws.removeAllListeners('message');
  ws.on('message', (data, isBinary) => {
    if (isBinary && isArenaFrame(data)) {
      deliver(data);
      return;
    }
    for (const listener of engineListeners) listener.call(ws, data, isBinary);
  });
  return reader;
}

/** The snapshot frame buffer all connections share (one snapshot is framed at a time). */
let sharedFrame = Buffer.allocUnsafe(16 * 1024);

function frameScratch(bytes: number): Buffer {
  if (sharedFrame.length < bytes) sharedFrame = Buffer.allocUnsafe(2 ** Math.ceil(Math.log2(bytes)));
  return sharedFrame;
}
