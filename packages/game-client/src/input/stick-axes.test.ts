import { describe, expect, test } from 'vitest';
import { STICK_AT_REST, STICK_DEAD_ZONE, stickAxes } from './stick-axes';

describe('stickAxes', () => {
  test('a thumb resting near the centre does not move the player', () => {
    expect(stickAxes(0, 0, 60)).toBe(STICK_AT_REST);
    expect(stickAxes(STICK_DEAD_ZONE * 60 - 1, 0, 60)).toBe(STICK_AT_REST);
  });

  test('pushed to the rim or past it: full speed in that direction', () => {
    expect(stickAxes(60, 0, 60)).toEqual({ x: 1, y: 0, magnitude: 1 });
    const past = stickAxes(0, -200, 60);
    expect(past.x).toBeCloseTo(0);
    expect(past).toMatchObject({ y: -1, magnitude: 1 });
  });

  test('a diagonal stays inside the unit circle', () => {
    const { x, y, magnitude } = stickAxes(100, 100, 60);
    expect(Math.hypot(x, y)).toBeCloseTo(1);
    expect(magnitude).toBe(1);
    expect(x).toBeCloseTo(y);
  });

  test('halfway between the dead zone and the rim reads half', () => {
    const halfway = ((1 + STICK_DEAD_ZONE) / 2) * 60;
    expect(stickAxes(halfway, 0, 60).magnitude).toBeCloseTo(0.5);
  });
});
