import fc from 'fast-check';
import { expect, test } from 'vitest';
import { decodeClientMessage, encodeClientMessage } from './codec';
import { decodeInputRecord } from './input-record';
import { checkFlatClientRecord } from './msgpack-guard';
import { createPackr } from './packr';
import { RECORD, RECORD_BYTE_BASE } from './structures';
import { validateClientRecord } from './validate-client';

/** What the general path (msgpackr, then the field checks) makes of a record's bytes. */
function generalDecode(bytes: Uint8Array) {
  return validateClientRecord(RECORD.input, createPackr().unpack(bytes) as Record<string, unknown>);
}

/** A msgpack type byte, then what `write` puts after it: `size` bytes in all. */
const typed = (type: number, size: number, write: (data: DataView) => void): Uint8Array => {
  const data = new DataView(new ArrayBuffer(size));
  data.setUint8(0, type);
  write(data);
  return new Uint8Array(data.buffer);
};

/** One msgpack scalar an input record may hold, in every encoding a client could pick (strings are refused earlier). */
const scalar: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.integer({ min: 0, max: 0x3f }).map((v) => Uint8Array.of(v)),
  fc.integer({ min: -32, max: -1 }).map((v) => Uint8Array.of(v & 0xff)),
  fc.integer({ min: 0, max: 0xff }).map((v) => Uint8Array.of(0xcc, v)),
  fc.integer({ min: 0, max: 0xffff }).map((v) => typed(0xcd, 3, (d) => d.setUint16(1, v))),
  fc.integer({ min: 0, max: 0xffff_ffff }).map((v) => typed(0xce, 5, (d) => d.setUint32(1, v))),
  fc.integer({ min: -128, max: 127 }).map((v) => typed(0xd0, 2, (d) => d.setInt8(1, v))),
  fc.integer({ min: -32768, max: 32767 }).map((v) => typed(0xd1, 3, (d) => d.setInt16(1, v))),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((v) => typed(0xd2, 5, (d) => d.setInt32(1, v))),
  fc.double({ noNaN: false }).map((v) => typed(0xcb, 9, (d) => d.setFloat64(1, v))),
  fc.integer({ min: 0, max: 300 }).map((v) => typed(0xca, 5, (d) => d.setFloat32(1, v))),
  fc.constantFrom(Uint8Array.of(0xc0), Uint8Array.of(0xc2), Uint8Array.of(0xc3)),
);

test('for any encoding of any field values, the input record decodes as msgpackr and the checks would', () => {
  fc.assert(
    fc.property(fc.array(scalar, { minLength: 8, maxLength: 8 }), (fields) => {
      const bytes = Uint8Array.from([RECORD_BYTE_BASE + RECORD.input, ...fields.flatMap((f) => [...f])]);
      expect(checkFlatClientRecord(bytes)).toBe(RECORD.input);
      const expected = generalDecode(bytes);
      const direct = decodeInputRecord(bytes);
      if (direct !== undefined) expect(direct).toEqual(expected);
      expect(decodeClientMessage(bytes)).toEqual(expected);
    }),
    { numRuns: 3000 },
  );
});

test('what clients send takes the direct path, and means what they encoded', () => {
  fc.assert(
    fc.property(
      fc.record({
        seq: fc.integer({ min: 1, max: 0xffff_ffff }),
        moveX: fc.double({ min: -1, max: 1, noNaN: true }),
        moveY: fc.double({ min: -1, max: 1, noNaN: true }),
        aim: fc.double({ min: -10, max: 10, noNaN: true }),
        fire: fc.boolean(),
        clientTimeMs: fc.integer({ min: 0, max: 0xffff_ffff }),
        lastSnapshotTick: fc.integer({ min: 0, max: 0xffff_ffff }),
        renderDelayTicks: fc.option(fc.integer({ min: 0, max: 254 }), { nil: undefined }),
      }),
      (input) => {
        const bytes = encodeClientMessage({ type: 'input', ...input });
        const direct = decodeInputRecord(bytes);
        expect(direct).toBeDefined();
        expect(direct).toEqual(generalDecode(bytes));
        expect(direct!.ok && direct!.value.seq).toBe(input.seq);
      },
    ),
  );
});

test('on any bytes it reads nothing it should not: undefined, or what the general path gives', () => {
  // records of 6 to 10 fields in any encoding, cut short or with a tail: near misses of the fast path
  const nearRecord = fc
    .record({
      fields: fc.oneof(
        { arbitrary: fc.array(scalar, { minLength: 8, maxLength: 8 }), weight: 3 },
        { arbitrary: fc.array(scalar, { minLength: 6, maxLength: 10 }), weight: 1 },
      ),
      cut: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat({ max: 3 }), weight: 1 }),
      tail: fc.oneof(
        { arbitrary: fc.constant(new Uint8Array(0)), weight: 3 },
        { arbitrary: fc.uint8Array({ maxLength: 3 }), weight: 1 },
      ),
    })
    .map(({ fields, cut, tail }) => {
      const bytes = [RECORD_BYTE_BASE + RECORD.input, ...fields.flatMap((f) => [...f]), ...tail];
      return Uint8Array.from(bytes.slice(0, bytes.length - cut));
    });
  let read = 0;
  fc.assert(
    fc.property(
      fc.oneof(
        fc
          .uint8Array({ maxLength: 40 })
          .map((rest) => Uint8Array.from([RECORD_BYTE_BASE + RECORD.input, ...rest])),
        fc.uint8Array({ maxLength: 40 }),
        nearRecord,
      ),
      (bytes) => {
        const direct = decodeInputRecord(bytes);
        if (direct === undefined) return;
        read++;
        expect(checkFlatClientRecord(bytes)).toBe(RECORD.input);
        expect(direct).toEqual(generalDecode(bytes));
      },
    ),
    { numRuns: 5000 },
  );
  // the fast path did read some of them: the comparison was not skipped every time
  expect(read).toBeGreaterThan(100);
});
