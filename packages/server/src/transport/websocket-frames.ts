import { isArenaRecordByte } from '@arena/protocol';
import type { FastParts } from './stack-internals';

/** What one direct read found. */
export type DirectReadOutcome =
  /** Arena frames were read and delivered, nothing else */
  | 'frames'
  /** bytes were read, and some of them handed to `ws` (which may now be closing) */
  | 'read'
  /** nothing was there yet (EAGAIN) */
  | 'empty'
  /** the peer closed, or the read failed: only Node can finish the socket now */
  | 'ended'
  /** not read: Node holds unread bytes of this socket, or is paused on it */
  | 'skipped';

/** What readArenaFramesBeforeWs installed: besides taking frames from what Node reads, it can read itself. */
export interface ArenaFrameReader {
  /**
   * Reads what the kernel holds for this connection now, with one non-blocking `read(2)` into
   * `scratch`, and handles it as if Node had read it (Arena frames delivered, the rest handed to
   * `ws`). Delivered payloads are views of `scratch`, valid until the next read: `deliver` must
   * not keep them. Reads only while Node holds none of this socket's bytes, so the order is kept.
   */
  readPending(scratch: Buffer): DirectReadOutcome;
}

/** FIN set, no RSV bits, opcode 2: a whole binary message in one frame (RFC 6455 5.2). */
const FINAL_BINARY_FRAME = 0x82;
const MASK_BIT = 0x80;
const MASK_KEY_BYTES = 4;

/**
 * Reads the WebSocket frames that carry Arena messages straight from the socket's bytes, before
 * `ws`'s parser sees them: a client's input is one small masked binary frame per tick, and `ws`'s
 * general path (a Writable stream, a state machine, two events) costs more than the rest of the
 * message's handling together (docs/netcode.md, "Where the server CPU goes").
 *
 * Only the plainest frames are taken: whole (not fragmented), binary, masked, with a 7- or 16-bit
 * length within `ws`'s `maxPayload`, complete inside the chunk read, and an Arena message, and
 * only while `ws` sits between two frames. From the first frame that is anything else (a ping, a
 * text frame, an engine.io packet, a frame split across reads, a protocol error), the rest of the
 * chunk goes to `ws` unchanged, which parses, answers and rejects exactly as it would have.
 * Frames are delivered in the order they came, whoever read them (Node, or `readPending`).
 */
export function readArenaFramesBeforeWs(
  parts: FastParts,
  deliver: (payload: Buffer) => void,
): ArenaFrameReader {
  // False while every byte so far was an Arena frame taken here: ws then holds nothing and its
  // parser's state need not be read (a cache miss per connection per tick). Frames delivered
  // once the connection closes are dropped by the session.
  let wsMayHoldBytes = true;
  const isWsIdle = (): boolean => {
    if (!wsMayHoldBytes) return true;
    wsMayHoldBytes = !(parts.isOpen && parts.isParserIdle());
    return !wsMayHoldBytes;
  };
  const toWs = (chunk: Buffer): void => {
    wsMayHoldBytes = true;
    parts.feedParser(chunk);
  };
  /** Delivers the Arena frames at the start of `chunk`; returns where the rest (for ws) starts. */
  const takeFrames = (chunk: Buffer): number => {
    let offset = 0;
    while (offset < chunk.length && isWsIdle()) {
      const end = takeArenaFrame(chunk, offset, parts.maxPayload, deliver);
      if (end === offset) break;
      offset = end;
    }
    return offset;
  };
  parts.interceptParser((chunk) => {
    const offset = takeFrames(chunk);
    if (offset < chunk.length) toWs(offset === 0 ? chunk : chunk.subarray(offset));
  });
  return {
    readPending(scratch) {
      if (!parts.mayReadDirectly) return parts.hasHandle ? 'skipped' : 'ended';
      let length: number | undefined;
      try {
        length = parts.readDirect(scratch);
      } catch {
        return 'ended'; // an error Node's own read reports once it has the socket back
      }
      if (length === undefined) return 'empty';
      if (length === 0) return 'ended';
      const chunk = scratch.subarray(0, length);
      const offset = takeFrames(chunk);
      if (offset === length) return 'frames';
      // ws keeps what it has not parsed yet: it gets a copy, never the scratch buffer
      toWs(Buffer.from(chunk.subarray(offset)));
      return 'read';
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

/**
 * Writes a whole frame (the first `length` bytes of `frame`): with one `write(2)` on the socket's
 * descriptor when nothing is queued ahead of it in ws, Node or libuv (skipping the Writable
 * stream's write request, callbacks and `nextTick` per write: the snapshot fan-out's cost per
 * client), and whatever the kernel does not take through ws's frame writer, which keeps the order.
 * A shared `frame` is copied for ws, which keeps what it cannot write at once.
 */
export function writeFrame(parts: FastParts, frame: Buffer, length: number, isShared: boolean): void {
  const written = parts.mayWriteDirectly ? parts.writeDirect(frame, length) : 0;
  if (written === length) return;
  const rest = frame.subarray(written, length);
  parts.sendFrame(isShared ? Buffer.from(rest) : rest);
}
