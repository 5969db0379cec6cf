import type { ArenaMap } from '@arena/protocol';
import { expect, test } from 'vitest';
import { SHOT_RANGE_UNITS, seenHit } from './shot-sight';

const OPEN: ArenaMap = { width: 2000, height: 2000, walls: [] };
const shooter = { id: 1, x: 100, y: 500, hp: 100 };

test('the first living player along the aim is hit; one off the line, dead, or the shooter is not', () => {
  const others = [
    { id: 2, x: 600, y: 500, hp: 100 },
    { id: 3, x: 300, y: 500, hp: 0 },
    { id: 4, x: 400, y: 560, hp: 100 },
    { id: 5, x: 800, y: 510, hp: 100 },
  ];
  expect(seenHit(shooter, 0, others, OPEN)).toBe(2);
  expect(seenHit(shooter, Math.PI, others, OPEN)).toBeUndefined();
  expect(seenHit(shooter, 0, [shooter], OPEN)).toBeUndefined();
});

test('a wall before the target, or a target beyond the projectile range, is a miss', () => {
  const target = { id: 2, x: 600, y: 500, hp: 100 };
  const walled: ArenaMap = { ...OPEN, walls: [{ x: 300, y: 400, width: 20, height: 200 }] };
  expect(seenHit(shooter, 0, [target], walled)).toBeUndefined();
  const far = { id: 2, x: 100 + SHOT_RANGE_UNITS + 60, y: 500, hp: 100 };
  expect(seenHit(shooter, 0, [far], OPEN)).toBeUndefined();
});
