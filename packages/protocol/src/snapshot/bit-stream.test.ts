import fc from 'fast-check';
import { expect, test } from 'vitest';
import { BitReader, BitStreamError, BitWriter } from './bit-stream';

type Op =
  | { kind: 'bits'; value: number; count: number }
  | { kind: 'unsigned'; value: number; k: number }
  | { kind: 'signed'; value: number; k: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.integer({ min: 1, max: 32 }).chain((count) =>
    fc.record({
      kind: fc.constant('bits' as const),
      value: fc.integer({ min: 0, max: 2 ** count - 1 }),
      count: fc.constant(count),
    }),
  ),
  fc.record({
    kind: fc.constant('unsigned' as const),
    value: fc.integer({ min: 0, max: 2 ** 31 }),
    k: fc.integer({ min: 0, max: 8 }),
  }),
  fc.record({
    kind: fc.constant('signed' as const),
    value: fc.integer({ min: -(2 ** 30), max: 2 ** 30 }),
    k: fc.integer({ min: 0, max: 8 }),
  }),
);

test('any sequence of fields reads back exactly as written', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const writer = new BitWriter(1);
      for (const o of ops) {
        if (o.kind === 'bits') writer.writeBits(o.value, o.count);
        else if (o.kind === 'unsigned') writer.writeUnsigned(o.value, o.k);
        else writer.writeSigned(o.value, o.k);
      }
      const reader = new BitReader(writer.finish());
      for (const o of ops) {
        const read =
          o.kind === 'bits'
            ? reader.readBits(o.count)
            : o.kind === 'unsigned'
              ? reader.readUnsigned(o.k)
              : reader.readSigned(o.k);
        expect(read).toBe(o.value);
      }
      expect(reader.isAtEnd).toBe(true);
    }),
  );
});

test('small values cost few bits', () => {
  const writer = new BitWriter();
  writer.writeUnsigned(0);
  writer.writeSigned(-1);
  writer.writeBit(true);
  expect(writer.finish().length).toBe(1); // 1 + 3 + 1 bits
});

test('reading past the end throws BitStreamError, never returns garbage silently', () => {
  expect(() => new BitReader(new Uint8Array([0xff])).readBits(9)).toThrow(BitStreamError);
  expect(() => new BitReader(new Uint8Array(8)).readUnsigned()).toThrow(BitStreamError);
});

test('a reset writer (one scratch writer reused for every body) writes what a fresh one does', () => {
  const write = (writer: BitWriter) => {
    writer.writeUnsigned(300, 2);
    writer.writeSigned(-7, 5);
    writer.writeBits(0xabcdef, 24);
    writer.writeBit(true);
    return writer.finish();
  };
  const reused = new BitWriter(2); // small, so the first use also grows it
  reused.writeBits(0x1ffff, 17);
  reused.writeUnsigned(2 ** 31);
  reused.reset();
  expect(reused.bitCount).toBe(0);
  const fresh = write(new BitWriter());
  expect(write(reused)).toEqual(fresh);
  const reader = new BitReader(fresh);
  expect([reader.readUnsigned(2), reader.readSigned(5), reader.readBits(24), reader.readBits(1)]).toEqual([
    300, -7, 0xabcdef, 1,
  ]);
});
