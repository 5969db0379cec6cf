import { Packr } from 'msgpackr';
import { checkMsgpackBounds } from './msgpack-bounds';
import { RECORD_BYTE_BASE } from './structures';

/**
 * A Socket.IO parser (the `parser` option of both `socket.io` and `socket.io-client`) that makes
 * every packet exactly one binary WebSocket frame. The stock parser sends a binary event as two
 * frames: a JSON text placeholder, then the attachment.
 *
 * - Arena messages (event `m` with one msgpackr record as its argument, on `/`, without ack) travel
 *   as the record's bytes themselves: no wrapper, no copy. Their first byte is a record byte
 *   (0x40-0x7f), which no other frame starts with.
 * - Every other packet (connect, disconnect, other events, acks) is a msgpack array
 *   `[type, nsp, data, id]`. From an untrusted peer it is bounds-checked before decoding and
 *   shape-checked after, like the stock parser's `isPacketValid`.
 */

/** Socket.IO packet types (socket.io-parser's PacketType). */
const PacketType = {
  CONNECT: 0,
  DISCONNECT: 1,
  EVENT: 2,
  ACK: 3,
  CONNECT_ERROR: 4,
  BINARY_EVENT: 5,
  BINARY_ACK: 6,
} as const;

export interface SocketPacket {
  type: number;
  nsp: string;
  data?: unknown;
  id?: number;
}

/** The Socket.IO event carrying Arena messages. */
export const ARENA_EVENT = 'm';

const MAX_GENERIC_DEPTH = 8;
const MAX_NAMESPACE_CHARS = 64;

const genericPackr = new Packr({
  useRecords: false,
  moreTypes: false,
  mapsAsObjects: true,
  // undefined would otherwise be an extension type, which the bounds walk refuses
  encodeUndefinedAsNil: true,
  int64AsType: 'number',
});

/** True when a binary frame is an Arena message: its first byte is a record byte (0x40-0x7f). */
export function isArenaFrame(bytes: Uint8Array): boolean {
  const first = bytes[0];
  return first !== undefined && isArenaRecordByte(first);
}

/** True for the first byte of an Arena message (a msgpackr record byte, 0x40-0x7f). */
export function isArenaRecordByte(byte: number): boolean {
  return byte >= RECORD_BYTE_BASE && byte < RECORD_BYTE_BASE + 0x40;
}

export class Encoder {
  encode(packet: SocketPacket): Uint8Array[] {
    const { data } = packet;
    if (
      (packet.type === PacketType.EVENT || packet.type === PacketType.BINARY_EVENT) &&
      packet.nsp === '/' &&
      packet.id === undefined &&
      Array.isArray(data) &&
      data.length === 2 &&
      data[0] === ARENA_EVENT &&
      data[1] instanceof Uint8Array &&
      isArenaFrame(data[1])
    ) {
      return [data[1]];
    }
    const type =
      packet.type === PacketType.BINARY_EVENT
        ? PacketType.EVENT
        : packet.type === PacketType.BINARY_ACK
          ? PacketType.ACK
          : packet.type;
    // msgpackr writes `undefined` as an extension type, which decoders refuse: send null or nothing.
    const fields: unknown[] = [type, packet.nsp];
    if (data !== undefined || packet.id !== undefined) fields.push(data ?? null);
    if (packet.id !== undefined) fields.push(packet.id);
    return [genericPackr.pack(fields)];
  }
}

type Listener = (packet: SocketPacket) => void;

/** Decodes frames into packets and emits "decoded". Throws on a malformed frame (Socket.IO then closes the connection). */
export class Decoder {
  private listeners: Listener[] = [];
  /**
   * The hot path: when set, Arena messages go straight here instead of becoming Socket.IO
   * packets (no packet object, event dispatch, middleware or nextTick per message). Set it only
   * for a connected socket on `/`, the only namespace Arena uses.
   */
  onArenaMessage: ((bytes: Uint8Array) => void) | undefined;

  add(chunk: unknown): void {
    const bytes = toBytes(chunk);
    if (bytes === undefined || bytes.length === 0) throw new Error('socket.io frame must be binary');
    if (isArenaFrame(bytes)) {
      if (this.onArenaMessage !== undefined) this.onArenaMessage(bytes);
      else this.emit('decoded', { type: PacketType.EVENT, nsp: '/', data: [ARENA_EVENT, bytes] });
      return;
    }
    const problem = checkMsgpackBounds(bytes, MAX_GENERIC_DEPTH);
    if (problem !== undefined) throw new Error(`malformed socket.io frame: ${problem}`);
    const packet = toPacket(genericPackr.unpack(bytes));
    if (packet === undefined) throw new Error('invalid socket.io packet');
    this.emit('decoded', packet);
  }

  destroy(): void {
    this.listeners = [];
    this.onArenaMessage = undefined;
  }

  on(event: string, listener: Listener): this {
    if (event === 'decoded') this.listeners.push(listener);
    return this;
  }

  off(event: string, listener?: Listener): this {
    if (event === 'decoded') this.listeners = listener ? this.listeners.filter((l) => l !== listener) : [];
    return this;
  }

  removeListener(event: string, listener?: Listener): this {
    return this.off(event, listener);
  }

  emit(event: string, packet: SocketPacket): this {
    if (event === 'decoded') for (const listener of [...this.listeners]) listener(packet);
    return this;
  }
}

/** Checks a decoded generic packet has the shape its type requires (as socket.io-parser does). */
function toPacket(raw: unknown): SocketPacket | undefined {
  if (!Array.isArray(raw) || raw.length < 2 || raw.length > 4) return undefined;
  const [type, nsp, data, id] = raw as [unknown, unknown, unknown, unknown];
  if (typeof type !== 'number' || !Number.isInteger(type)) return undefined;
  if (typeof nsp !== 'string' || !nsp.startsWith('/') || nsp.length > MAX_NAMESPACE_CHARS) return undefined;
  if (id !== undefined && !(typeof id === 'number' && Number.isInteger(id) && id >= 0)) return undefined;
  const isObject = typeof data === 'object' && data !== null && !Array.isArray(data);
  switch (type) {
    case PacketType.CONNECT:
      if (data !== undefined && data !== null && !isObject) return undefined;
      break;
    case PacketType.DISCONNECT:
      if (data !== undefined && data !== null) return undefined;
      break;
    case PacketType.CONNECT_ERROR:
      if (typeof data !== 'string' && !isObject) return undefined;
      break;
    case PacketType.EVENT:
      if (!Array.isArray(data) || data.length === 0 || typeof data[0] !== 'string') return undefined;
      break;
    case PacketType.ACK:
      if (!Array.isArray(data)) return undefined;
      break;
    default:
      return undefined;
  }
  const packet: SocketPacket = { type, nsp };
  if (data !== undefined && data !== null) packet.data = data;
  if (id !== undefined) packet.id = id;
  return packet;
}

function toBytes(chunk: unknown): Uint8Array | undefined {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  return undefined;
}

/** Pass as `parser` to `new Server(...)` and `io(url, ...)`: both ends must use it. */
export const arenaSocketParser = { Encoder, Decoder, protocol: 5 };

export { Decoder as ArenaSocketDecoder };
