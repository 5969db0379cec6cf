import { RECORD } from '@arena/protocol';

/**
 * Hand-made msgpack, for messages no encoder would write. Records are one byte, 0x40 + index,
 * followed by their values (see docs/protocol.md).
 */
export type Bytes = readonly number[];

export function record(index: number, ...fields: Bytes[]): Uint8Array {
  return new Uint8Array([0x40 + index, ...fields.flat()]);
}

/** A non-negative integer, encoded as Arena's encoder does (64..127 as uint8: 0x40-0x7f are records). */
export function uint(n: number): Bytes {
  if (n < 64) return [n];
  if (n < 256) return [0xcc, n];
  if (n < 65536) return [0xcd, n >> 8, n & 0xff];
  return [0xce, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

export function int(n: number): Bytes {
  if (n >= 0) return uint(n);
  if (n >= -32) return [n & 0xff];
  return [0xd0, n & 0xff];
}

export function float64(x: number): Bytes {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return [0xcb, ...new Uint8Array(view.buffer)];
}

export function str(s: string): Bytes {
  const utf8 = [...new TextEncoder().encode(s)];
  return utf8.length < 32 ? [0xa0 | utf8.length, ...utf8] : [0xd9, utf8.length, ...utf8];
}

export function bool(b: boolean): Bytes {
  return [b ? 0xc3 : 0xc2];
}

export function map(entries: [Bytes, Bytes][]): Bytes {
  return [0x80 | entries.length, ...entries.flatMap(([k, v]) => [...k, ...v])];
}

/** An input record with the given wire values (defaults: seq 1, standing still, no fire). */
export function inputRecord(
  fields: Partial<Record<'seq' | 'mx' | 'my' | 'aim' | 'fire' | 'ct' | 'sn' | 'rd', Bytes>> = {},
) {
  return record(
    RECORD.input,
    fields.seq ?? uint(1),
    fields.mx ?? int(0),
    fields.my ?? int(0),
    fields.aim ?? uint(0),
    fields.fire ?? bool(false),
    fields.ct ?? uint(0),
    fields.sn ?? uint(0),
    fields.rd ?? uint(255),
  );
}
