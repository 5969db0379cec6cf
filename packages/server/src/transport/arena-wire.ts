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
import type { IoPath } from './io-path';
import {
  decoderOf,
  type EngineConnection,
  type EngineTransport,
  engineBacklogBytes,
  type FastParts,
  fastPartsOf,
  filterWsMessages,
  isEngineIdle,
  webSocketOf,
} from './stack-internals';
import type { TransportStats } from './transport-stats';
import {
  type ArenaFrameReader,
  binaryFrameFor,
  frameHeaderBytes,
  readArenaFramesBeforeWs,
  writeBinaryFrameHeader,
  writeFrame,
} from './websocket-frames';

/** Which way a connection's Arena messages travel. */
export type WirePath = 'fast' | 'standard';

/** A socket's path for Arena messages, in both directions, as short as the stack allows. */
export interface ArenaWire {
  /** Sends one encoded Arena message (one WebSocket frame). */
  send(bytes: Uint8Array): void;
  /**
   * Sends a snapshot message built straight into its WebSocket frame: one buffer, one copy of
   * the (shared) body, the hot path of every tick. Same bytes on the wire as `send`.
   */
  sendSnapshot(tick: number, ackSeq: number, body: Uint8Array): void;
  /** Bytes queued for this client and not yet handed to the kernel (backpressure). */
  backlogBytes(): number;
  /** `fast` while messages bypass Socket.IO's per-event path, else `standard`. */
  readonly path: WirePath;
  /**
   * Reads what the client sent since the last call straight from its socket, and delivers it,
   * before its room's tick (io path `batched`; a no-op otherwise). The first call takes the
   * socket off libuv's polling, so between ticks its messages wait in the kernel at no cost.
   */
  readPending(): void;
  /** Hands the socket back to libuv's polling: its messages are read as they arrive again. */
  releaseReads(): void;
  /**
   * Simulates network conditions on this connection, both directions (undefined = none):
   * messages are delayed, throttled, and snapshots dropped; see NetworkShaper for what is modeled.
   */
  simulateNetwork(conditions: NetworkConditions | undefined): void;
  readonly simulatedNetwork: NetworkConditions | undefined;
}

export interface WireContext {
  readonly ioPath: IoPath;
  readonly stats: TransportStats;
}

/** Largest direct read per connection per tick; what is left stays in the kernel until the next. */
const SCRATCH_BYTES = 64 * 1024;
/** One read buffer for every connection: reads are synchronous and their payloads handled at once. */
const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);

/**
 * Arena's two hot messages (inputs in, snapshots out) skip Socket.IO's per-event machinery:
 * `../shared/peers/FLOORS.md` measured that path to cost more than the bytes do.
 *
 * - In, on WebSocket: frames that are Arena messages are read from the socket's bytes before
 *   `ws` parses them (websocket-frames.ts) and handed to `onMessage`; everything else (engine.io
 *   pings, Socket.IO packets) goes to `ws` and engine.io unchanged. With io path `batched`, a
 *   seated player's socket is not polled by libuv: its room reads it right before each tick
 *   (`readPending`), one `read(2)` for the whole tick period's messages, with the thread never
 *   blocked. On polling, the decoder takes Arena messages one level up, without a Socket.IO event.
 * - Out, on an upgraded WebSocket with nothing queued in engine.io, ws, Node or libuv: the
 *   message and its WebSocket header go out as one frame with one `write(2)` on the descriptor
 *   (the same bytes ws would send); what the kernel does not take, and everything while something
 *   is queued, goes through ws's frame writer, or engine.io's buffer during upgrades and on
 *   polling, which keeps the order.
 *
 * Socket.IO still owns the handshake, heartbeats, disconnects and every other event. When the
 * stack's internals are not what stack-internals.ts expects, or the connection has no plain TCP
 * descriptor (TLS), the connection takes the standard path: `socket.on('m')` / `socket.emit('m')`.
 */
export function attachArenaWire(
  socket: Socket,
  onMessage: (data: unknown) => void,
  context: WireContext,
): ArenaWire {
  const conn = socket.conn as unknown as EngineConnection;
  const decoder = decoderOf(socket);
  const stats = context.stats;
  let path: WirePath = 'standard';
  let parts: FastParts | undefined;
  let reader: ArenaFrameReader | undefined;
  /** True while libuv does not poll this socket and its room reads it before each tick. */
  let isBatched = false;
  /** The peer closed or the socket failed: only Node can finish it now, never read it again. */
  let hasEnded = false;
  const inbound = new DelayLine((bytes) => {
    if (socket.connected) onMessage(bytes);
  });
  const outbound = new DelayLine((bytes) =>
    path === 'fast' ? writeNow(bytes) : socket.emit(ARENA_EVENT, bytes),
  );
  const deliver = (bytes: Uint8Array) => inbound.push(bytes, false);
  // Direct reads hand over views of the shared scratch buffer: copied only when the delay line keeps them.
  const deliverView = (bytes: Uint8Array) =>
    inbound.push(inbound.isPassThrough ? bytes : bytes.slice(), false);
  stats.opened(path);
  const setPath = (next: WirePath) => {
    stats.moved(path, next);
    path = next;
  };

  // Messages named "m" on the standard path (and any sent with another parser) arrive as events.
  socket.on(ARENA_EVENT, (data: unknown) => deliver(data as Uint8Array));
  const takeTransport = (transport: EngineTransport) => {
    releaseReads();
    parts = undefined;
    reader = undefined;
    const found = fastPartsFor(transport);
    if (typeof found === 'string') {
      if (path === 'fast') setPath('standard');
      if (decoder instanceof ArenaSocketDecoder) decoder.onArenaMessage = undefined;
      if (found !== '') stats.fellBack(found);
      return;
    }
    parts = found;
    reader = readArenaFramesBeforeWs(found, deliverView);
    // Arena frames ws still parses (split across reads, or behind another frame) are taken here.
    filterWsMessages(webSocketOf(conn)!, (data, isBinary) => {
      if (!isBinary || !isArenaFrame(data)) return false;
      deliver(data);
      return true;
    });
    if (decoder instanceof ArenaSocketDecoder) decoder.onArenaMessage = deliver;
    if (path !== 'fast') setPath('fast');
  };
  /** The fast path's parts on this transport, or why it cannot take it ('' = nothing to report: not a WebSocket yet, or the standard path chosen). */
  const fastPartsFor = (transport: EngineTransport): FastParts | string => {
    if (context.ioPath === 'standard') return '';
    if (!(decoder instanceof ArenaSocketDecoder)) return "Socket.IO's decoder is not Arena's";
    if (transport.name !== 'websocket') return '';
    const found = fastPartsOf(conn);
    if (typeof found === 'string') return found;
    return found.fd === undefined ? 'no plain TCP descriptor (TLS)' : found;
  };
  takeTransport(conn.transport);
  conn.on('upgrade', takeTransport);
  socket.on('disconnect', () => {
    releaseReads();
    inbound.clear();
    outbound.clear();
    stats.closed(path);
  });

  function releaseReads(): void {
    if (!isBatched) return;
    isBatched = false;
    stats.batchedChanged(-1);
    parts?.resumePolling();
  }

  function writeNow(bytes: Uint8Array): void {
    if (parts !== undefined && isEngineIdle(conn)) {
      const frame = binaryFrameFor(bytes.length);
      frame.set(bytes, frame.length - bytes.length);
      writeFrame(parts, frame, frame.length, false);
    } else if (conn.readyState === 'open') {
      conn.write(bytes);
    }
  }

  return {
    send: (bytes) => outbound.push(bytes, recordIndexOf(bytes) === RECORD.snapshot),
    sendSnapshot(tick, ackSeq, body) {
      if (parts !== undefined && outbound.isPassThrough && isEngineIdle(conn)) {
        // Built in a buffer shared by every connection: a direct write copies it into the
        // kernel at once, so nothing is allocated per client; what ws must keep is copied.
        const length = snapshotMessageLength(tick, ackSeq, body.length);
        const total = frameHeaderBytes(length) + length;
        const frame = frameScratch(total);
        writeBinaryFrameHeader(frame, length);
        writeSnapshotMessage(frame, total - length, tick, ackSeq, body);
        writeFrame(parts, frame, total, true);
      } else {
        // on the WebSocket a snapshot is a TCP segment like any other: late when lost, never gone
        outbound.push(encodeSnapshotMessage(tick, ackSeq, body), false);
      }
    },
    backlogBytes: () => engineBacklogBytes(conn) + outbound.queuedBytes,
    get path() {
      return path;
    },
    readPending() {
      if (context.ioPath !== 'batched' || reader === undefined || parts === undefined || hasEnded) return;
      if (!isBatched) {
        // Node finishes a closing handshake on its own; and when Node is paused on the socket
        // with bytes in hand, it is taken over at a later tick.
        if (!parts.isOpen || !parts.stopPolling()) return;
        isBatched = true;
        stats.batchedChanged(1);
      }
      const outcome = reader.readPending(scratch);
      if (outcome === 'frames' || outcome === 'empty' || outcome === 'skipped') return;
      // Node must see the end (a close, a reset) and finish a closing handshake: its socket again.
      // A WebSocket the server closes is handed back by the session's disconnect.
      if (outcome === 'ended') hasEnded = true;
      if (hasEnded || !parts.isOpen) releaseReads();
    },
    releaseReads,
    simulateNetwork(conditions) {
      inbound.simulate(conditions);
      outbound.simulate(conditions);
    },
    get simulatedNetwork() {
      return outbound.conditions;
    },
  };
}

/** The snapshot frame buffer all connections share (one snapshot is framed at a time). */
let sharedFrame = Buffer.allocUnsafe(16 * 1024);

function frameScratch(bytes: number): Buffer {
  if (sharedFrame.length < bytes) sharedFrame = Buffer.allocUnsafe(2 ** Math.ceil(Math.log2(bytes)));
  return sharedFrame;
}
