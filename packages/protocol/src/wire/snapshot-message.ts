import { RECORD, RECORD_BYTE_BASE } from './structures';

/**
 * Writes a snapshot message, byte for byte what msgpackr writes for the `snapshot` record
 * `{ tick, ack, body }`, without building an object per client: the room sends one per player
 * per tick, and only the ack differs between players sharing a body.
 */
export function encodeSnapshotMessage(tick: number, ackSeq: number, body: Uint8Array): Uint8Array {
  const tickBytes = uintSize(tick);
  const ackBytes = uintSize(ackSeq);
  const binHeader = body.length < 0x100 ? 2 : body.length < 0x10000 ? 3 : 5;
  const out = new Uint8Array(1 + tickBytes + ackBytes + binHeader + body.length);
  const view = new DataView(out.buffer);
  out[0] = RECORD_BYTE_BASE + RECORD.snapshot;
  let offset = writeUint(view, 1, tick);
  offset = writeUint(view, offset, ackSeq);
  if (binHeader === 2) {
    view.setUint8(offset, 0xc4);
    view.setUint8(offset + 1, body.length);
  } else if (binHeader === 3) {
    view.setUint8(offset, 0xc5);
    view.setUint16(offset + 1, body.length);
  } else {
    view.setUint8(offset, 0xc6);
    view.setUint32(offset + 1, body.length);
  }
  out.set(body, offset + binHeader);
  return out;
}

// With records on, 0x40-0x7f are record references, so msgpackr writes 64..255 as uint8.
function uintSize(value: number): number {
  return value < 0x40 ? 1 : value < 0x100 ? 2 : value < 0x10000 ? 3 : 5;
}

function writeUint(view: DataView, offset: number, value: number): number {
  if (value < 0x40) {
    view.setUint8(offset, value);
    return offset + 1;
  }
  if (value < 0x100) {
    view.setUint8(offset, 0xcc);
    view.setUint8(offset + 1, value);
    return offset + 2;
  }
  if (value < 0x10000) {
    view.setUint8(offset, 0xcd);
    view.setUint16(offset + 1, value);
    return offset + 3;
  }
  view.setUint8(offset, 0xce);
  view.setUint32(offset + 1, value);
  return offset + 5;
}
