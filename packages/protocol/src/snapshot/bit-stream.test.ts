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

/** The reader's definition, bit by bit: the windowed BitReader must agree with it on any bytes. */
class ReferenceReader {
  private bitOffset = 0;
  constructor(private readonly bytes: Uint8Array) {}
  readBits(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const byteIndex = this.bitOffset >>> 3;
      if (byteIndex >= this.bytes.length) throw new BitStreamError('snapshot body ended early');
      value = value * 2 + ((this.bytes[byteIndex]! >>> (7 - (this.bitOffset & 7))) & 1);
      this.bitOffset++;
    }
    return value;
  }
  readUnsigned(k: number): number {
    let zeros = 0;
    while (this.readBits(1) === 0) {
      zeros++;
      if (zeros > 40) throw new BitStreamError('Exp-Golomb code too long');
    }
    return 2 ** (zeros + k) + this.readBits(zeros + k) - 2 ** k;
  }
}

test('on any bytes, including garbage and truncated codes, reads agree with the bit-by-bit definition', () => {
  const read = fc.oneof(
    fc.record({ kind: fc.constant('bits' as const), n: fc.integer({ min: 0, max: 32 }) }),
    fc.record({ kind: fc.constant('unsigned' as const), n: fc.integer({ min: 0, max: 8 }) }),
  );
  fc.assert(
    fc.property(
      // mostly zero bytes and small ones: long codes, codes cut by the end, runs past 40 zeros
      fc
        .array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 12,
        })
        .map((bytes) => Uint8Array.from(bytes)),
      fc.array(read, { maxLength: 20 }),
      (bytes, reads) => {
        const reader = new BitReader(bytes);
        const reference = new ReferenceReader(bytes);
        for (const r of reads) {
          const outcome = (f: () => number) => {
            try {
              return f();
            } catch (error) {
              return (error as Error).message;
            }
          };
          const expected = outcome(() =>
            r.kind === 'bits' ? reference.readBits(r.n) : reference.readUnsigned(r.n),
          );
          expect(outcome(() => (r.kind === 'bits' ? reader.readBits(r.n) : reader.readUnsigned(r.n)))).toBe(
            expected,
          );
          if (typeof expected === 'string') return; // both stop at the first error
        }
      },
    ),
    { numRuns: 2000 },
  );
});
