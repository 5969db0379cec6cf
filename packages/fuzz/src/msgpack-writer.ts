/**
 * A minimal msgpack writer for the fuzzer: plain values, plus the raw fragments no sane encoder
 * writes (length headers that lie, 64-bit integers, extension types, deep nesting).
 */
export function pack(value: unknown): number[] {
  if (value === null || value === undefined) return [0xc0];
  if (value === true) return [0xc3];
  if (value === false) return [0xc2];
  if (typeof value === 'number') return packNumber(value);
  if (typeof value === 'string') return packString(value);
  if (value instanceof Uint8Array) return [0xc5, value.length >> 8, value.length & 0xff, ...value];
  if (Array.isArray(value)) return [...header(0x90, 0xdc, value.length), ...value.flatMap(pack)];
  const entries = Object.entries(value as Record<string, unknown>);
  return [
    ...header(0x80, 0xde, entries.length),
    ...entries.flatMap(([k, v]) => [...packString(k), ...pack(v)]),
  ];
}

function header(fix: number, sixteen: number, count: number): number[] {
  return count < 16 ? [fix | count] : [sixteen, count >> 8, count & 0xff];
}

function packNumber(n: number): number[] {
  if (Number.isInteger(n) && n >= 0 && n < 64) return [n];
  if (Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff) {
    return [0xce, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  }
  if (Number.isInteger(n) && n < 0 && n >= -32) return [n & 0xff];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  return [0xcb, ...new Uint8Array(view.buffer)];
}

function packString(s: string): number[] {
  const utf8 = [...new TextEncoder().encode(s)];
  if (utf8.length < 32) return [0xa0 | utf8.length, ...utf8];
  if (utf8.length < 256) return [0xd9, utf8.length, ...utf8];
  return [0xda, utf8.length >> 8, utf8.length & 0xff, ...utf8];
}

/** Fragments that attack a decoder: lying lengths, 64-bit and odd numbers, extensions, nesting. */
export const HOSTILE_FRAGMENTS: readonly (readonly number[])[] = [
  [0xdd, 0xff, 0xff, 0xff, 0xff], // array32 claiming 4 G items
  [0xdf, 0xff, 0xff, 0xff, 0xff], // map32 claiming 4 G entries
  [0xdb, 0xff, 0xff, 0xff, 0xff], // str32 claiming 4 GB
  [0xc6, 0xff, 0xff, 0xff, 0xff], // bin32 claiming 4 GB
  [0xc9, 0xff, 0xff, 0xff, 0xff, 0x01], // ext32 claiming 4 GB
  [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // uint64 max
  [0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0], // int64 min
  pack(Number.NaN),
  pack(Number.POSITIVE_INFINITY),
  pack(Number.NEGATIVE_INFINITY),
  pack(-0),
  pack(1e308),
  [0xca, 0x7f, 0xc0, 0x00, 0x00], // float32 NaN
  [0xd4, 0x72, 0x00], // fixext1, msgpackr's record-definition type
  [0xd4, 0xff, 0x00], // timestamp extension
  [0xc7, 0x03, 0x01, 0x00, 0x00, 0x00], // ext8
  [0xc1], // never used
  Array(300).fill(0x91), // deeply nested arrays
  [0x81, ...pack('__proto__'), 0x81, ...pack('polluted'), 0xc3],
  [0x81, ...pack('constructor'), 0x81, ...pack('prototype'), 0x81, ...pack('polluted'), 0xc3],
  pack('x'.repeat(300)),
  pack('\u0000\u202e\ud800'),
  pack(new Uint8Array(64)),
];
