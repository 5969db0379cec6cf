import { describe, expect, test } from 'vitest';
import type { TruthPosition, TruthSource } from '../truth/ground-truth';
import { distribution, extrapolationFigures, interpolationErrors, truthAtRenderTick } from './error-stats';

/** A truth built from a table: player id -> tick -> position. */
function tableTruth(table: Record<number, Record<number, TruthPosition>>): TruthSource {
  return { at: (playerId, tick) => table[playerId]?.[tick] };
}

/** Player 1 walks +10 units per tick along x from x=0 at tick 100 to x=100 at tick 110. */
const walking = tableTruth({
  1: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [100 + i, { x: i * 10, y: 50 }])),
});

describe('distribution', () => {
  test('mean, nearest-rank percentiles and max of 1..100', () => {
    const d = distribution(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(d).toEqual({ count: 100, mean: 50.5, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  test('no values: every figure null, count 0', () => {
    expect(distribution([])).toEqual({ count: 0, mean: null, p50: null, p95: null, p99: null, max: null });
  });

  test('order does not matter', () => {
    expect(distribution([3, 1, 2])).toEqual(distribution([1, 2, 3]));
  });
});

describe('truthAtRenderTick', () => {
  test('an integer tick is the recorded position', () => {
    expect(truthAtRenderTick(walking, 1, 103)).toEqual({ x: 30, y: 50 });
  });

  test('a fractional tick lies between the two ticks around it, linearly', () => {
    const at = truthAtRenderTick(walking, 1, 104.25)!;
    expect(at.x).toBeCloseTo(42.5, 10);
    expect(at.y).toBe(50);
  });

  test('outside the recording, or for an unknown player, there is no truth', () => {
    expect(truthAtRenderTick(walking, 1, 99.5)).toBeUndefined();
    expect(truthAtRenderTick(walking, 1, 110.5)).toBeUndefined();
    expect(truthAtRenderTick(walking, 2, 105)).toBeUndefined();
  });

  test('a jump longer than the teleport distance within one tick has no position in between', () => {
    const respawn = tableTruth({ 1: { 5: { x: 0, y: 0 }, 6: { x: 900, y: 0 } } });
    expect(truthAtRenderTick(respawn, 1, 5.5, 64)).toBeUndefined();
    expect(truthAtRenderTick(respawn, 1, 5.5)).toEqual({ x: 450, y: 0 });
  });
});

describe('interpolationErrors', () => {
  test('a remote drawn exactly on its path has no error; one drawn 3-4 units off has an error of 5', () => {
    const { errors, unmatched } = interpolationErrors(
      [
        { renderTick: 101.5, playerId: 1, x: 15, y: 50 },
        { renderTick: 107, playerId: 1, x: 73, y: 54 },
      ],
      walking,
    );
    expect(unmatched).toBe(0);
    expect(errors[0]).toBeCloseTo(0, 10);
    expect(errors[1]).toBeCloseTo(5, 10);
  });

  test('an extrapolated remote that kept going after the player stopped is measured against where it stopped', () => {
    // Stops at x=30 from tick 3 on; the client, short of snapshots, extrapolates it to x=50 at tick 5.
    const stopping = tableTruth({
      7: {
        1: { x: 10, y: 0 },
        2: { x: 20, y: 0 },
        3: { x: 30, y: 0 },
        4: { x: 30, y: 0 },
        5: { x: 30, y: 0 },
      },
    });
    const { errors } = interpolationErrors([{ renderTick: 5, playerId: 7, x: 50, y: 0 }], stopping);
    expect(Array.from(errors)).toEqual([20]);
  });

  test('samples without truth are counted, not measured', () => {
    const { errors, unmatched } = interpolationErrors(
      [
        { renderTick: 50, playerId: 1, x: 0, y: 0 },
        { renderTick: 105, playerId: 9, x: 0, y: 0 },
        { renderTick: 105, playerId: 1, x: 50, y: 50 },
      ],
      walking,
    );
    expect(unmatched).toBe(2);
    expect(Array.from(errors)).toEqual([0]);
  });
});

describe('extrapolationFigures', () => {
  test('share of frames past the newest snapshot, and how far past, over those frames only', () => {
    const figures = extrapolationFigures([0, 0, 0, 0, 0, 0, 10, 20, 30, 40]);
    expect(figures.frames).toBe(10);
    expect(figures.frame_pct).toBe(40);
    expect(figures.when_extrapolating_ms).toEqual({ count: 4, mean: 25, p50: 20, p95: 40, p99: 40, max: 40 });
  });

  test('no frames: no share', () => {
    expect(extrapolationFigures([]).frame_pct).toBeNull();
  });
});
