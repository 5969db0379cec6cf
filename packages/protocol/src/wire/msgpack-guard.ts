import { CLIENT_RECORD_SHAPES, RECORD_BYTE_BASE } from './structures';

/**
 * Walks untrusted msgpack bytes without allocating and accepts only the flat shape a client
 * may send: one known record byte followed by exactly its number of scalar values (nil,
 * booleans, integers up to 32 bits, floats, short strings), ending at the last byte.
 * Containers, extension types, binary data and nested records are refused before msgpackr
 * sees the bytes: length headers that claim gigabytes or deeply nested arrays can exhaust the
 * heap inside a decoder in ways no try/catch recovers from. Strings are bounded per record type.
 *
 * Returns the record index, or a reason string.
 */
export function checkFlatClientRecord(bytes: Uint8Array): number | string {
  if (bytes.length === 0) return 'empty message';
  const first = bytes[0]!;
  const recordIndex = first - RECORD_BYTE_BASE;
  const shape = CLIENT_RECORD_SHAPES.get(recordIndex);
  if (shape === undefined) return `unknown message type 0x${first.toString(16)}`;
  let offset = 1;
  for (let field = 0; field < shape.fieldCount; field++) {
    const size = scalarSize(bytes, offset, shape.maxStringBytes, shape.maxBinBytes ?? 0);
    if (typeof size === 'string') return `field ${field}: ${size}`;
    offset += size;
  }
  if (offset !== bytes.length) return `${bytes.length - offset} trailing bytes`;
  return recordIndex;
}

/** Byte length of the scalar at `offset`, or why it is not an acceptable scalar. */
function scalarSize(
  bytes: Uint8Array,
  offset: number,
  maxStringBytes: number,
  maxBinBytes: number,
): number | string {
  if (offset >= bytes.length) return 'truncated';
  const b = bytes[offset]!;
  // positive fixint 0x00-0x3f (0x40-0x7f are record references when records are on)
  if (b <= 0x3f) return 1;
  if (b <= 0x7f) return 'nested record';
  if (b >= 0xe0) return 1; // negative fixint
  if (b >= 0xa0 && b <= 0xbf) return sized(bytes, offset, 1 + (b & 0x1f), b & 0x1f, maxStringBytes);
  switch (b) {
    case 0xc0: // nil
    case 0xc2: // false
    case 0xc3: // true
      return 1;
    case 0xcc: // uint8
    case 0xd0: // int8
      return sized(bytes, offset, 2, 0, maxStringBytes);
    case 0xcd: // uint16
    case 0xd1: // int16
      return sized(bytes, offset, 3, 0, maxStringBytes);
    case 0xce: // uint32
    case 0xd2: // int32
    case 0xca: // float32
      return sized(bytes, offset, 5, 0, maxStringBytes);
    case 0xcb: // float64
      return sized(bytes, offset, 9, 0, maxStringBytes);
    case 0xc4: {
      // bin8, only in records that carry packed data (inputs)
      if (offset + 1 >= bytes.length) return 'truncated';
      const length = bytes[offset + 1]!;
      if (length > maxBinBytes) return maxBinBytes === 0 ? 'binary not allowed' : 'binary too long';
      return sized(bytes, offset, 2 + length, 0, maxStringBytes);
    }
    case 0xd9: {
      // str8
      if (offset + 1 >= bytes.length) return 'truncated';
      const length = bytes[offset + 1]!;
      return sized(bytes, offset, 2 + length, length, maxStringBytes);
    }
    case 0xda: {
      // str16
      if (offset + 2 >= bytes.length) return 'truncated';
      const length = (bytes[offset + 1]! << 8) | bytes[offset + 2]!;
      return sized(bytes, offset, 3 + length, length, maxStringBytes);
    }
    default:
      return `type 0x${b.toString(16)} not allowed`;
  }
}

function sized(
  bytes: Uint8Array,
  offset: number,
  total: number,
  stringBytes: number,
  maxStringBytes: number,
): number | string {
  if (stringBytes > maxStringBytes) return 'string too long';
  if (offset + total > bytes.length) return 'truncated';
  return total;
}
