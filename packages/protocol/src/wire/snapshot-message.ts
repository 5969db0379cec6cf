import { RECORD, RECORD_BYTE_BASE } from './structures';

/**
 * Writes a snapshot message, byte for byte what msgpackr writes for the `snapshot` record
 * `{ tick, ack, body }`, without building an object per client: the room sends one per player
 * per tick, and only the ack differs between players sharing a body.
 */
export function encodeSnapshotMessage(tick: number, ackSeq: number, body: Uint8Array): Uint8Array {
  const out = allocate(snapshotMessageLength(tick, ackSeq, body.length));
  writeSnapshotMessage(out, 0, tick, ackSeq, body);
  return out;
}

/** Bytes `encodeSnapshotMessage` writes for these values. */
export function snapshotMessageLength(tick: number, ackSeq: number, bodyLength: number): number {
  return 1 + uintSize(tick) + uintSize(ackSeq) + binHeaderSize(bodyLength) + bodyLength;
}

/**
 * Writes a snapshot message into `target` at `offset` (room for `snapshotMessageLength` bytes
 * needed), so a transport can frame it in one buffer with no intermediate copy.
 */
export function writeSnapshotMessage(
  target: Uint8Array,
  offset: number,
  tick: number,
  ackSeq: number,
  body: Uint8Array,
): void {
  target[offset] = RECORD_BYTE_BASE + RECORD.snapshot;
  let at = writeUint(target, offset + 1, tick);
  at = writeUint(target, at, ackSeq);
  const binHeader = binHeaderSize(body.length);
  if (binHeader === 2) {
    target[at] = 0xc4;
    target[at + 1] = body.length;
  } else if (binHeader === 3) {
    target[at] = 0xc5;
    writeBigEndian(target, at + 1, body.length, 2);
  } else {
    target[at] = 0xc6;
    writeBigEndian(target, at + 1, body.length, 4);
  }
  target.set(body, at + binHeader);
}

function binHeaderSize(bodyLength: number): number {
  return bodyLength < 0x100 ? 2 : bodyLength < 0x10000 ? 3 : 5;
}

// Small messages come out of shared slabs: one allocation (and zero-fill) per 64 KB instead of
// one per message, as Node's Buffer pool does, but in plain JS for the browser too.
const SLAB_BYTES = 64 * 1024;
const LARGE_BYTES = 8 * 1024;
let slab = new Uint8Array(SLAB_BYTES);
let slabUsed = 0;

function allocate(bytes: number): Uint8Array {
  if (bytes > LARGE_BYTES) return new Uint8Array(bytes);
  if (slabUsed + bytes > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + bytes);
  slabUsed += (bytes + 7) & ~7;
  return out;
}

// With records on, 0x40-0x7f are record references, so msgpackr writes 64..255 as uint8.
function uintSize(value: number): number {
  return value < 0x40 ? 1 : value < 0x100 ? 2 : value < 0x10000 ? 3 : 5;
}

function writeUint(out: Uint8Array, offset: number, value: number): number {
  if (value < 0x40) {
    out[offset] = value;
    return offset + 1;
  }
  if (value < 0x100) {
    out[offset] = 0xcc;
    out[offset + 1] = value;
    return offset + 2;
  }
  if (value < 0x10000) {
    out[offset] = 0xcd;
    writeBigEndian(out, offset + 1, value, 2);
    return offset + 3;
  }
  out[offset] = 0xce;
  writeBigEndian(out, offset + 1, value, 4);
  return offset + 5;
}

function writeBigEndian(out: Uint8Array, offset: number, value: number, bytes: number): void {
  for (let i = bytes - 1; i >= 0; i--) {
    out[offset + i] = value & 0xff;
    value = Math.floor(value / 256);
  }
}
