import { RECORD } from '@arena/protocol';
import type { NodeWebSocket } from './ws-bytes';

/** First byte of a snapshot message: records take 0x40 + index (docs/protocol.md). */
const SNAPSHOT_BYTE = 0x40 + RECORD.snapshot;
/** Leading payload bytes kept from each binary frame: record byte + tick + ack seq (msgpack uints). */
const PEEK_BYTES = 11;
/** Text frames up to this size are handed back: engine.io's ping is the 1-byte text "2". */
const SMALL_TEXT_BYTES = 8;

export interface RawReceiveHooks {
  /** Every byte that arrives on the TCP socket: WebSocket payload + frame headers. */
  onBytes(bytes: number): void;
  /** Once per complete data frame. */
  onFrame(): void;
  /** The tick and ack seq of a snapshot, read from its first bytes without decoding the rest. */
  onSnapshotTick?(tick: number, ackSeq: number | undefined): void;
  /** Small text frames (engine.io pings), to pass back to the client library. */
  onSmallText?(text: string): void;
  onCloseFrame?(): void;
}

/** Reads a msgpack unsigned integer at `offset` (fixint, uint8/16/32), or undefined. */
function readUint(bytes: Uint8Array, offset: number, length: number): number | undefined {
  const b = bytes[offset];
  if (b === undefined || offset >= length) return undefined;
  if (b < 0x80) return b;
  if (b === 0xcc && offset + 1 < length) return bytes[offset + 1]!;
  if (b === 0xcd && offset + 2 < length) return (bytes[offset + 1]! << 8) | bytes[offset + 2]!;
  if (b === 0xce && offset + 4 < length) {
    return (
      ((bytes[offset + 1]! << 24) >>> 0) +
      ((bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 8) | bytes[offset + 4]!)
    );
  }
  return undefined;
}

/** Bytes of the msgpack unsigned integer whose first byte is `first`. */
function uintLength(first: number): number {
  return first < 0x80 ? 1 : first === 0xcc ? 2 : first === 0xcd ? 3 : 5;
}

/**
 * The cheap receive path of a bot that does not decode state (the peers' `rawframes.mjs`, same
 * counting). Once the client library has connected and joined, this takes over the TCP socket's
 * incoming data: it counts every byte, walks frame headers without copying payloads, peeks the
 * tick of each snapshot (so the bot can report lastSnapshotTick like a real client), answers
 * WebSocket pings and hands back engine.io's text pings so the connection stays alive.
 * Without it a single bot core spends its time decoding frames nobody reads and gives out
 * before the server does.
 */
export function takeOverReceive(ws: NodeWebSocket, hooks: RawReceiveHooks): void {
  const socket = ws._socket;
  if (!socket) throw new Error('takeOverReceive: the WebSocket has no TCP socket (not the ws package?)');
  for (const listener of socket.listeners('data')) socket.removeListener('data', listener);

  const header = new Uint8Array(14);
  let headerLength = 0;
  let skip = 0;
  let capture: Uint8Array | undefined;
  let captured = 0;
  let captureOpcode = 0;
  let peek: Uint8Array | undefined;
  let peekWanted = 0;
  let peeked = 0;
  const peekBuffer = new Uint8Array(PEEK_BYTES);

  const finishCapture = () => {
    const payload = capture!;
    capture = undefined;
    if (captureOpcode === 0x9) ws.pong(payload);
    else if (captureOpcode === 0x8) hooks.onCloseFrame?.();
    else if (captureOpcode === 0x1) hooks.onSmallText?.(Buffer.from(payload).toString('utf8'));
  };
  const finishPeek = () => {
    const bytes = peek!;
    peek = undefined;
    if (bytes[0] !== SNAPSHOT_BYTE) return;
    const tick = readUint(bytes, 1, peeked);
    if (tick === undefined) return;
    hooks.onSnapshotTick?.(tick, readUint(bytes, 1 + uintLength(bytes[1]!), peeked));
  };

  socket.on('data', (chunk: Buffer) => {
    hooks.onBytes(chunk.length);
    let i = 0;
    while (i < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - i);
        if (capture) {
          capture.set(chunk.subarray(i, i + n), captured);
          captured += n;
        } else if (peek && peeked < peekWanted) {
          const m = Math.min(n, peekWanted - peeked);
          peek.set(chunk.subarray(i, i + m), peeked);
          peeked += m;
          if (peeked === peekWanted) finishPeek();
        }
        i += n;
        skip -= n;
        if (skip === 0 && capture) finishCapture();
        continue;
      }
      header[headerLength++] = chunk[i++]!;
      if (headerLength < 2) continue;
      const length7 = header[1]! & 0x7f;
      const need = 2 + (length7 === 126 ? 2 : length7 === 127 ? 8 : 0) + (header[1]! & 0x80 ? 4 : 0);
      if (headerLength < need) continue;
      const view = new DataView(header.buffer);
      const length =
        length7 === 126 ? view.getUint16(2) : length7 === 127 ? Number(view.getBigUint64(2)) : length7;
      const opcode = header[0]! & 0x0f;
      headerLength = 0;
      if (opcode < 0x8) hooks.onFrame();
      capture = undefined;
      peek = undefined;
      if (opcode === 0x9 || opcode === 0x8 || (opcode === 0x1 && length <= SMALL_TEXT_BYTES)) {
        capture = new Uint8Array(length);
        captured = 0;
        captureOpcode = opcode;
      } else if (opcode === 0x2 && hooks.onSnapshotTick && length > 0) {
        peek = peekBuffer;
        peeked = 0;
        peekWanted = Math.min(PEEK_BYTES, length);
      }
      skip = length;
      if (length === 0 && capture) finishCapture();
    }
  });
  socket.resume();
}
