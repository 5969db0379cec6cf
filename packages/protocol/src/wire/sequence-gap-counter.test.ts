import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { GAP_WINDOW, SequenceGapCounter } from './sequence-gap-counter';

function countAll(seqs: readonly number[]): SequenceGapCounter {
  const counter = new SequenceGapCounter();
  for (const seq of seqs) counter.record(seq);
  return counter;
}

describe('SequenceGapCounter', () => {
  test('no gaps, no loss', () => {
    const counter = countAll(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(counter.lost).toBe(0);
    expect(counter.arrived).toBe(100);
  });

  test('a gap is counted lost once it falls GAP_WINDOW behind the newest', () => {
    const counter = new SequenceGapCounter();
    for (const seq of [1, 2, 4, 5]) counter.record(seq);
    expect(counter.lost).toBe(0);
    let lostNow = 0;
    for (let seq = 6; seq <= 3 + GAP_WINDOW; seq++) lostNow += counter.record(seq);
    expect(lostNow).toBe(1);
    expect(counter.lost).toBe(1);
  });

  test('a late datagram within the window was reordered, not lost; a duplicate counts once', () => {
    const counter = countAll([1, 3, 2, 3, 3, ...Array.from({ length: 40 }, (_, i) => i + 4)]);
    expect(counter.lost).toBe(0);
    expect(counter.arrived).toBe(43);
  });

  test('a jump far ahead counts every number skipped', () => {
    const counter = countAll([10, 11, 200, ...Array.from({ length: GAP_WINDOW }, (_, i) => 201 + i)]);
    expect(counter.lost).toBe(188);
  });

  test('numbers before the first one seen are not losses', () => {
    const counter = countAll(Array.from({ length: 50 }, (_, i) => 1000 + i));
    expect(counter.lost).toBe(0);
  });

  test('settled, lost + arrived is every number from the first to the newest (any order, any drops)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 5 }),
        (kept, swaps) => {
          const seqs = kept.flatMap((isKept, i) => (isKept || i === 0 ? [i + 1] : []));
          // reorder a few neighbours, as a network may
          for (let s = 0; s < swaps && seqs.length > 2; s++) {
            const at = (s * 7) % (seqs.length - 1);
            [seqs[at], seqs[at + 1]] = [seqs[at + 1]!, seqs[at]!];
          }
          const counter = countAll(seqs);
          const newest = Math.max(...seqs);
          // settle: GAP_WINDOW more arrive after the newest
          for (let seq = newest + 1; seq <= newest + GAP_WINDOW; seq++) counter.record(seq);
          const first = seqs[0]!;
          const expectedLost = Array.from({ length: newest - first + 1 }, (_, i) => first + i).filter(
            (seq) => !seqs.includes(seq),
          ).length;
          expect(counter.lost).toBe(expectedLost);
        },
      ),
    );
  });
});
