import type { Result } from '../errors';
import type { InputMessage } from './messages';
import { RECORD, RECORD_BYTE_BASE } from './structures';
import { validateInputFields } from './validate-client';

const INPUT_RECORD_BYTE = RECORD_BYTE_BASE + RECORD.input;

/** Where the scalar readPlainScalar just read ends (one cursor: nothing allocated per field). */
let nextOffset = 0;

/**
 * Reads the input record, the message every client sends every tick, straight from its bytes,
 * without msgpackr building a record object first. Its eight fields are integers and a boolean,
 * and a client encodes them with msgpack's integer and boolean types; for anything else (a float,
 * nil, a string) this returns undefined and the caller takes the general path. So every message
 * decodes to what msgpackr and the field checks would give (input-record.test.ts holds that for
 * any encoding of any value).
 *
 * Safe on any bytes: it reads nothing past the end and returns undefined unless the bytes are the
 * input record's byte and exactly eight such scalars; the general path then runs its own checks
 * (checkFlatClientRecord) and reports what is wrong.
 */
export function decodeInputRecord(bytes: Uint8Array): Result<InputMessage> | undefined {
  if (bytes[0] !== INPUT_RECORD_BYTE) return undefined;
  nextOffset = 1;
  const seq = readPlainScalar(bytes, nextOffset);
  if (seq === undefined) return undefined;
  const mx = readPlainScalar(bytes, nextOffset);
  if (mx === undefined) return undefined;
  const my = readPlainScalar(bytes, nextOffset);
  if (my === undefined) return undefined;
  const aim = readPlainScalar(bytes, nextOffset);
  if (aim === undefined) return undefined;
  const fire = readPlainScalar(bytes, nextOffset);
  if (fire === undefined) return undefined;
  const ct = readPlainScalar(bytes, nextOffset);
  if (ct === undefined) return undefined;
  const sn = readPlainScalar(bytes, nextOffset);
  if (sn === undefined) return undefined;
  const rd = readPlainScalar(bytes, nextOffset);
  if (rd === undefined || nextOffset !== bytes.length) return undefined;
  return validateInputFields(seq, mx, my, aim, fire, ct, sn, rd);
}

/**
 * The msgpack integer or boolean at `at` (its end in nextOffset), decoded as msgpackr decodes it;
 * undefined for any other type, or when it does not fit in `bytes`.
 */
function readPlainScalar(bytes: Uint8Array, at: number): number | boolean | undefined {
  if (at >= bytes.length) return undefined;
  const b = bytes[at]!;
  // positive fixint up to 0x3f: 0x40-0x7f are record references, refused by the guard
  if (b <= 0x3f) {
    nextOffset = at + 1;
    return b;
  }
  if (b >= 0xe0) {
    nextOffset = at + 1;
    return b - 0x100; // negative fixint
  }
  switch (b) {
    case 0xc2:
      nextOffset = at + 1;
      return false;
    case 0xc3:
      nextOffset = at + 1;
      return true;
    case 0xcc:
      if (at + 2 > bytes.length) return undefined;
      nextOffset = at + 2;
      return bytes[at + 1]!;
    case 0xcd:
      if (at + 3 > bytes.length) return undefined;
      nextOffset = at + 3;
      return (bytes[at + 1]! << 8) | bytes[at + 2]!;
    case 0xce:
      if (at + 5 > bytes.length) return undefined;
      nextOffset = at + 5;
      return ((bytes[at + 1]! << 24) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 8) | bytes[at + 4]!) >>> 0;
    case 0xd0:
      if (at + 2 > bytes.length) return undefined;
      nextOffset = at + 2;
      return (bytes[at + 1]! << 24) >> 24;
    case 0xd1:
      if (at + 3 > bytes.length) return undefined;
      nextOffset = at + 3;
      return (((bytes[at + 1]! << 8) | bytes[at + 2]!) << 16) >> 16;
    case 0xd2:
      if (at + 5 > bytes.length) return undefined;
      nextOffset = at + 5;
      return (bytes[at + 1]! << 24) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 8) | bytes[at + 4]!;
    default:
      return undefined;
  }
}
