import type { Rect } from '@arena/protocol';
import { expect, test } from 'vitest';
import { createRng } from '../sim/rng';
import { hasLineOfSight, segmentHitsRect } from './line-of-sight';

const WALL: Rect = { x: 100, y: 100, width: 40, height: 200 };

test('a segment through, beside, ending before, or along a wall', () => {
  expect(segmentHitsRect(0, 200, 300, 200, WALL)).toBe(true);
  expect(segmentHitsRect(0, 50, 300, 50, WALL)).toBe(false);
  expect(segmentHitsRect(0, 200, 90, 200, WALL)).toBe(false);
  expect(segmentHitsRect(120, 0, 120, 400, WALL)).toBe(true);
  expect(segmentHitsRect(0, 95, 300, 95, WALL, 10)).toBe(true);
  expect(hasLineOfSight(0, 200, 300, 200, [WALL])).toBe(false);
  expect(hasLineOfSight(0, 50, 300, 50, [WALL])).toBe(true);
});

test('agrees with sampling the segment densely, for any segment', () => {
  const rng = createRng(11);
  let hits = 0;
  let confirmed = 0;
  for (let i = 0; i < 2000; i++) {
    const [ax, ay, bx, by] = [0, 0, 0, 0].map(() => rng.int(0, 400));
    const steps = 4000;
    let sampled = false;
    for (let s = 0; s <= steps && !sampled; s++) {
      const x = ax! + ((bx! - ax!) * s) / steps;
      const y = ay! + ((by! - ay!) * s) / steps;
      sampled = x > WALL.x && x < WALL.x + WALL.width && y > WALL.y && y < WALL.y + WALL.height;
    }
    const exact = segmentHitsRect(ax!, ay!, bx!, by!, WALL);
    // a sample inside the wall is a hit; sampling can only miss a grazing one
    if (sampled) expect(exact).toBe(true);
    if (exact) hits++;
    if (exact && sampled) confirmed++;
  }
  expect(hits).toBeGreaterThan(100);
  expect(confirmed / hits).toBeGreaterThan(0.95);
});
