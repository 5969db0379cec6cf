/**
 * Walks msgpack bytes without allocating and checks that they can be decoded safely: every
 * container's declared length fits in the bytes that remain (each element takes at least one
 * byte), nesting stays within `maxDepth`, and no extension types appear. A decoder that trusts a
 * 5-byte array32 header pre-allocates 2^32 slots; this walk refuses it first.
 *
 * Returns undefined when the bytes are one well-formed value, or the reason they are not.
 */
export function checkMsgpackBounds(bytes: Uint8Array, maxDepth: number): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  // pending[i] = values still to read at depth i
  const pending: number[] = [1];
  while (pending.length > 0) {
    if (pending[pending.length - 1] === 0) {
      pending.pop();
      continue;
    }
    pending[pending.length - 1]!--;
    if (offset >= bytes.length) return 'truncated';
    const b = bytes[offset]!;
    let items = 0; // child values this one opens
    let size: number; // bytes of this value's header + scalar payload
    if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) size = 1;
    else if (b >= 0x80 && b <= 0x8f) [size, items] = [1, (b & 0x0f) * 2];
    else if (b >= 0x90 && b <= 0x9f) [size, items] = [1, b & 0x0f];
    else if (b >= 0xa0 && b <= 0xbf) size = 1 + (b & 0x1f);
    else {
      const need = (n: number) => offset + n <= bytes.length;
      switch (b) {
        case 0xcc:
        case 0xd0:
          size = 2;
          break;
        case 0xcd:
        case 0xd1:
          size = 3;
          break;
        case 0xce:
        case 0xd2:
        case 0xca:
          size = 5;
          break;
        case 0xcf:
        case 0xd3:
        case 0xcb:
          size = 9;
          break;
        case 0xd9:
        case 0xc4:
          if (!need(2)) return 'truncated';
          size = 2 + view.getUint8(offset + 1);
          break;
        case 0xda:
        case 0xc5:
          if (!need(3)) return 'truncated';
          size = 3 + view.getUint16(offset + 1);
          break;
        case 0xdb:
        case 0xc6:
          if (!need(5)) return 'truncated';
          size = 5 + view.getUint32(offset + 1);
          break;
        case 0xdc:
          if (!need(3)) return 'truncated';
          [size, items] = [3, view.getUint16(offset + 1)];
          break;
        case 0xdd:
          if (!need(5)) return 'truncated';
          [size, items] = [5, view.getUint32(offset + 1)];
          break;
        case 0xde:
          if (!need(3)) return 'truncated';
          [size, items] = [3, view.getUint16(offset + 1) * 2];
          break;
        case 0xdf:
          if (!need(5)) return 'truncated';
          [size, items] = [5, view.getUint32(offset + 1) * 2];
          break;
        default:
          return `type 0x${b.toString(16)} not allowed`;
      }
    }
    offset += size;
    if (offset > bytes.length) return 'truncated';
    if (items > 0) {
      if (items > bytes.length - offset)
        return `container claims ${items} items in ${bytes.length - offset} bytes`;
      if (pending.length >= maxDepth) return `nested deeper than ${maxDepth}`;
      pending.push(items);
    }
  }
  return offset === bytes.length ? undefined : `${bytes.length - offset} trailing bytes`;
}
