import { readSync, writeSync } from 'node:fs';
import { isArenaRecordByte } from '@arena/protocol';

/**
 * The parts of `ws`'s frame parser (its Receiver, a Writable) that the reader relies on: it reads
 * only while that parser sits between two frames, and hands it everything else.
 */
interface WsReceiver {
  readonly _state: number;
  readonly _bufferedBytes: number;
  readonly _fragmented: number;
  readonly _maxPayload: number;
  readonly writableLength: number;
  write(chunk: Buffer): boolean;
}

/** The parts of a `ws` WebSocket the reader uses. */
export interface WsWithReceiver {
  readonly readyState: number;
  readonly _receiver?: unknown;
  readonly _socket?: DescriptorSocket;
}

/** What readArenaFramesBeforeWs installed: besides reading what Node reads, it can read itself. */
export interface ArenaFrameReader {
  /**
   * Reads what the kernel holds for this connection now, with one non-blocking `read(2)` on its
   * descriptor into `scratch`, and handles it as if Node had read it (Arena frames delivered, the
   * rest handed to `ws`). Does nothing unless Node and `ws` hold no unread bytes of this socket
   * (so the order is kept), or when there is nothing to read. Delivered payloads are views of
   * `scratch`, valid until the next read: the caller's `deliver` must not keep them.
   */
  readPending(scratch: Buffer): void;
}

const WS_OPEN = 1;
/** `ws`'s Receiver state between frames (GET_INFO in ws/lib/receiver.js). */
const RECEIVER_BETWEEN_FRAMES = 0;
/** FIN set, no RSV bits, opcode 2: a whole binary message in one frame (RFC 6455 5.2). */
const FINAL_BINARY_FRAME = 0x82;
const MASK_BIT = 0x80;
const MASK_KEY_BYTES = 4;

/**
 * Reads the WebSocket frames that carry Arena messages straight from the socket's bytes, before
 * `ws`'s parser sees them: a client's input is one small masked binary frame per tick, and `ws`'s
 * general path (a Writable stream, a state machine, two events) cost more than the rest of the
 * message's handling together (the profile in docs/netcode.md).
 *
 * Only the plainest frames are taken: whole (not fragmented), binary, masked, with a 7- or 16-bit
 * length within `ws`'s `maxPayload`, complete inside the chunk read, and an Arena message. From the
 * first frame that is anything else (a ping, a text frame, an engine.io packet, a frame split
 * across reads, a protocol error), the rest of the chunk goes to `ws` unchanged, which parses,
 * answers and rejects exactly as it would have. Frames are delivered in the order they came.
 *
 * Returns undefined, changing nothing, when `ws`'s internals are not what this expects.
 */
export function readArenaFramesBeforeWs(
  ws: WsWithReceiver,
  deliver: (payload: Buffer) => void,
): ArenaFrameReader | undefined {
  const receiver = ws._receiver;
  if (!isWsReceiver(receiver)) return undefined;
  const parse = receiver.write;
  // False while every byte so far was an Arena frame taken here: ws then holds nothing and its
  // parser's state need not be read (a cache miss per connection per tick). Frames delivered
  // once the connection closes are dropped by the session (`socket.connected`).
  let wsMayHoldBytes = true;
  const isWsIdle = (): boolean => {
    if (!wsMayHoldBytes) return true;
    wsMayHoldBytes = !(ws.readyState === WS_OPEN && isBetweenFrames(receiver));
    return !wsMayHoldBytes;
  };
  const toWs = (chunk: Buffer): boolean => {
    wsMayHoldBytes = true;
    return parse.call(receiver, chunk);
  };
  /** Delivers the Arena frames at the start of `chunk`; returns where the rest (for ws) starts. */
  const takeFrames = (chunk: Buffer): number => {
    let offset = 0;
    while (offset < chunk.length && isWsIdle()) {
      const end = takeArenaFrame(chunk, offset, receiver._maxPayload, deliver);
      if (end === offset) break;
      offset = end;
    }
    return offset;
  };
  receiver.write = (chunk: Buffer): boolean => {
    const offset = takeFrames(chunk);
    if (offset === chunk.length) return true;
    return toWs(offset === 0 ? chunk : chunk.subarray(offset));
  };
  const socket = ws._socket;
  // A socket keeps its descriptor until its handle is gone (checked on every read).
  const fd = descriptorOf(socket);
  /** Reads to skip after finding nothing: a client whose input comes late in the tick period keeps doing so. */
  let skips = 0;
  let backoff = 0;
  return {
    readPending(scratch) {
      if (
        socket === undefined ||
        fd === undefined ||
        !socket._handle ||
        socket.readableFlowing === false || // paused: ws asked Node to stop reading
        socket.readableLength !== 0 ||
        !isWsIdle()
      ) {
        return;
      }
      if (skips > 0) {
        skips--;
        return;
      }
      let length: number;
      try {
        length = readSync(fd, scratch, 0, scratch.length, null);
      } catch {
        // EAGAIN (nothing came yet: Node reads it when it comes), or an error Node's own read
        // reports. A miss costs a thrown exception: skip this connection for 1, 2, 4.. 16 reads.
        backoff = Math.min(16, backoff * 2 || 1);
        skips = backoff;
        return;
      }
      backoff = 0;
      if (length === 0) return; // the peer closed: Node's own read sees the end too
      const chunk = scratch.subarray(0, length);
      const offset = takeFrames(chunk);
      // ws keeps what it has not parsed yet: it gets a copy, never the scratch buffer
      if (offset < length) toWs(Buffer.from(chunk.subarray(offset)));
    },
  };
}

/**
 * Takes the frame at `offset` if it is a plain, complete, masked binary frame holding an Arena
 * message: unmasks it in place, delivers its payload, and returns the offset after it. Returns
 * `offset` unchanged for anything else.
 */
function takeArenaFrame(
  chunk: Buffer,
  offset: number,
  maxPayload: number,
  deliver: (payload: Buffer) => void,
): number {
  if (chunk.length - offset < 2 + MASK_KEY_BYTES || chunk[offset] !== FINAL_BINARY_FRAME) return offset;
  const second = chunk[offset + 1]!;
  if ((second & MASK_BIT) === 0) return offset;
  let length = second & 0x7f;
  let maskAt = offset + 2;
  if (length === 127) return offset;
  if (length === 126) {
    if (chunk.length - offset < 4 + MASK_KEY_BYTES) return offset;
    length = chunk.readUInt16BE(offset + 2);
    maskAt = offset + 4;
  }
  const start = maskAt + MASK_KEY_BYTES;
  const end = start + length;
  if (length === 0 || end > chunk.length || (maxPayload > 0 && length > maxPayload)) return offset;
  // The record byte decides before the payload is unmasked: it is the first payload byte.
  if (!isArenaRecordByte(chunk[start]! ^ chunk[maskAt]!)) return offset;
  for (let i = start; i < end; i++) chunk[i] = chunk[i]! ^ chunk[maskAt + ((i - start) & 3)]!;
  deliver(chunk.subarray(start, end));
  return end;
}

function isBetweenFrames(receiver: WsReceiver): boolean {
  return (
    receiver._state === RECEIVER_BETWEEN_FRAMES &&
    receiver._bufferedBytes === 0 &&
    receiver._fragmented === 0 &&
    receiver.writableLength === 0
  );
}

function isWsReceiver(value: unknown): value is WsReceiver {
  if (typeof value !== 'object' || value === null) return false;
  const receiver = value as Record<string, unknown>;
  return (
    typeof receiver._state === 'number' &&
    typeof receiver._bufferedBytes === 'number' &&
    typeof receiver._fragmented === 'number' &&
    typeof receiver._maxPayload === 'number' &&
    typeof receiver.writableLength === 'number' &&
    typeof receiver.write === 'function'
  );
}

/** Header bytes of an unmasked, final, binary WebSocket frame with a `length`-byte payload. */
export function frameHeaderBytes(length: number): number {
  return length < 126 ? 2 : length < 0x10000 ? 4 : 10;
}

/**
 * Writes the header of an unmasked, final, binary WebSocket frame (RFC 6455 5.2) with a payload
 * of `length` bytes at the start of `frame`; the payload follows it.
 */
export function writeBinaryFrameHeader(frame: Buffer, length: number): void {
  frame[0] = 0x82;
  const headerBytes = frameHeaderBytes(length);
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
}

/** A buffer holding a whole frame for a `length`-byte payload: the header is written, the payload goes in its last `length` bytes. */
export function binaryFrameFor(length: number): Buffer {
  const frame = Buffer.allocUnsafe(frameHeaderBytes(length) + length);
  writeBinaryFrameHeader(frame, length);
  return frame;
}

/** The parts of a Node socket under `ws` that a direct write checks. */
export interface DescriptorSocket {
  readonly encrypted?: boolean;
  readonly writableLength: number;
  readonly readableLength: number;
  readonly readableFlowing?: boolean | null;
  readonly _handle?: { readonly fd?: number } | null;
}

/** A socket's descriptor, read once (`fd` is a native accessor): undefined for TLS or a closed socket. */
export function descriptorOf(socket: DescriptorSocket | undefined): number | undefined {
  const fd = socket === undefined || socket.encrypted === true ? undefined : socket._handle?.fd;
  return fd !== undefined && fd >= 0 ? fd : undefined;
}

/**
 * Writes a frame (the first `length` bytes of `frame`) with one `write(2)` on the socket's
 * descriptor `fd` (from descriptorOf) when
 * nothing is queued ahead of it in Node or libuv, skipping the Writable stream machinery (its
 * write request object, callbacks and a `nextTick` per write): the snapshot fan-out's cost per
 * client. Returns how many bytes went out (0 when the direct write is not possible: queued data,
 * a closed handle, a full socket buffer, an error); the caller sends the rest the normal way,
 * which keeps the order and reports errors as usual.
 */
export function writeToDescriptor(
  socket: DescriptorSocket,
  fd: number,
  frame: Uint8Array,
  length = frame.length,
): number {
  // writableLength counts a write until libuv has finished it, so 0 also means libuv holds none
  // (its own writeQueueSize is a C++ accessor: 1 % of the server's CPU when read per snapshot).
  if (!socket._handle || socket.writableLength !== 0) return 0;
  try {
    return writeSync(fd, frame, 0, length);
  } catch {
    return 0; // EAGAIN (the client is not reading), or an error the stream path will report
  }
}
