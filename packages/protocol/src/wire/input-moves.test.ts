import fc from 'fast-check';
import { expect, test } from 'vitest';
import { ErrorCode } from '../errors';
import { decodeClientMessage, encodeClientMessage } from './codec';
import { createPackr } from './packr';

test('an input batch round-trips within quantisation, seqs implied by the first', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 2 ** 31 }),
      fc.array(
        fc.record({
          moveX: fc.double({ min: -1, max: 1, noNaN: true }),
          moveY: fc.double({ min: -1, max: 1, noNaN: true }),
          aim: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true, maxExcluded: true }),
          fire: fc.boolean(),
        }),
        { minLength: 1, maxLength: 8 },
      ),
      (firstSeq, inputs) => {
        const bytes = encodeClientMessage({
          type: 'inputs',
          firstSeq,
          inputs,
          clientTimeMs: 5,
          lastSnapshotTick: 9,
        });
        const decoded = decodeClientMessage(bytes);
        if (!decoded.ok || decoded.value.type !== 'inputs') return false;
        expect(decoded.value.firstSeq).toBe(firstSeq);
        expect(decoded.value.inputs).toHaveLength(inputs.length);
        decoded.value.inputs.forEach((input, i) => {
          expect(Math.abs(input.moveX - inputs[i]!.moveX)).toBeLessThanOrEqual(0.5 / 127 + 1e-9);
          expect(input.fire).toBe(inputs[i]!.fire);
        });
        return bytes.length <= 1 + 5 + 2 + 8 * 5 + 5 + 5;
      },
    ),
  );
});

test('batches of 0 or more than 8 inputs, odd byte counts and binary elsewhere are refused', () => {
  const packr = createPackr();
  const batch = (moves: Uint8Array) => packr.pack({ seq: 1, moves, ct: 0, sn: 0 });
  for (const moves of [new Uint8Array(0), new Uint8Array(45), new Uint8Array(7)]) {
    const decoded = decodeClientMessage(batch(moves));
    expect(!decoded.ok && decoded.error.code).toBe(ErrorCode.BAD_MESSAGE);
  }
  const binaryInPing = packr.pack({ ct: new Uint8Array(4) });
  expect(decodeClientMessage(binaryInPing).ok).toBe(false);
  const fireTwo = new Uint8Array(5);
  fireTwo[4] = 2;
  expect(decodeClientMessage(batch(fireTwo)).ok).toBe(false);
});
