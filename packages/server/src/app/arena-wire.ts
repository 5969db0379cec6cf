import {
  ARENA_EVENT,
  ArenaSocketDecoder,
  encodeSnapshotMessage,
  isArenaFrame,
  isPerfectNetwork,
  type NetworkConditions,
  NetworkShaper,
  RECORD,
  recordIndexOf,
  snapshotMessageLength,
  writeSnapshotMessage,
} from '@arena/protocol';
import type { Socket } from 'socket.io';

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
  const isFastPath = decoder instanceof ArenaSocketDecoder;
  const inbound = new DelayLine((bytes) => {
    if (socket.connected) onMessage(bytes);
  });
  const outbound = new DelayLine(isFastPath ? writeNow : (bytes) => socket.emit(ARENA_EVENT, bytes));
  const deliver = (bytes: Uint8Array) => inbound.push(bytes, false);
  // Other events named "m" (sent with another parser, or as text) still arrive the normal way.
  socket.on(ARENA_EVENT, (data: unknown) => deliver(data as Uint8Array));
  if (isFastPath) {
    decoder.onArenaMessage = deliver;
    interceptArenaFrames(connection.transport, deliver);
    connection.on('upgrade', (transport) => interceptArenaFrames(transport, deliver));
  }
  socket.on('disconnect', () => {
    inbound.clear();
    outbound.clear();
  });
  return {
    send: (bytes) => outbound.push(bytes, recordIndexOf(bytes) === RECORD.snapshot),
    sendSnapshot(tick, ackSeq, body) {
      if (isFastPath && outbound.isPassThrough && canWriteFrames()) {
        const length = snapshotMessageLength(tick, ackSeq, body.length);
        const frame = binaryFrameFor(length);
        writeSnapshotMessage(frame, frame.length - length, tick, ackSeq, body);
        connection.transport.socket!._sender!.sendFrame([frame]);
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

  function writeNow(bytes: Uint8Array): void {
    if (canWriteFrames()) {
      const frame = binaryFrameFor(bytes.length);
      frame.set(bytes, frame.length - bytes.length);
      connection.transport.socket!._sender!.sendFrame([frame]);
    } else if (connection.readyState === 'open') {
      connection.write(bytes);
    }
  }
}

/**
 * One direction of a connection: passes messages straight through, or, while network conditions
 * are simulated, holds each until the NetworkShaper says it arrives (one timer for the head of
 * the queue; snapshots may be dropped).
 */
class DelayLine {
  private shaper: NetworkShaper | undefined;
  private readonly queue: { readonly atMs: number; readonly bytes: Uint8Array }[] = [];
  private timer: NodeJS.Timeout | undefined;
  queuedBytes = 0;

  constructor(private readonly deliver: (bytes: Uint8Array) => void) {}

  get conditions(): NetworkConditions | undefined {
    return this.shaper?.current;
  }

  /** Nothing simulated and nothing queued: a message pushed now would be delivered at once. */
  get isPassThrough(): boolean {
    return this.shaper === undefined && this.queue.length === 0;
  }

  simulate(conditions: NetworkConditions | undefined): void {
    if (conditions === undefined || isPerfectNetwork(conditions)) {
      this.shaper = undefined;
      this.flush();
    } else if (this.shaper === undefined) {
      this.shaper = new NetworkShaper(conditions, () => performance.now());
    } else {
      this.shaper.setConditions(conditions);
    }
  }

  push(bytes: Uint8Array, isDroppable: boolean): void {
    if (this.shaper === undefined && this.queue.length === 0) {
      this.deliver(bytes);
      return;
    }
    if (this.shaper === undefined) {
      this.queue.push({ atMs: 0, bytes });
      this.flush();
      return;
    }
    const outcome = this.shaper.shape(bytes.length, isDroppable);
    if ('isDropped' in outcome) return;
    this.queue.push({ atMs: outcome.deliverAtMs, bytes });
    this.queuedBytes += bytes.length;
    if (this.queue.length === 1) this.arm();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  /** Delivers everything due (all of it once simulation is off), then waits for the next. */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = performance.now();
    while (this.queue.length > 0 && (this.shaper === undefined || this.queue[0]!.atMs <= now)) {
      const { bytes } = this.queue.shift()!;
      this.queuedBytes -= bytes.length;
      this.deliver(bytes);
    }
    if (this.queue.length > 0) this.arm();
  }

  private arm(): void {
    this.timer = setTimeout(() => this.flush(), Math.max(0, this.queue[0]!.atMs - performance.now()));
  }
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

/**
 * A buffer for an unmasked, final, binary WebSocket frame (RFC 6455 5.2) with a payload of
 * `length` bytes: the header is written, the payload goes in its last `length` bytes.
 */
function binaryFrameFor(length: number): Buffer {
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
  return frame;
}
