import { describe, expect, test } from 'vitest';
import type { ArenaMap } from './arena-map';
import { PLAYER_RADIUS_UNITS, PLAYER_SPEED_UNITS_PER_S } from './constants';
import { stepMovement } from './movement';

const open: ArenaMap = { width: 2000, height: 2000, walls: [] };
const dt = 1 / 60;
const step = PLAYER_SPEED_UNITS_PER_S * dt;

describe('stepMovement', () => {
  test('moves at the player speed along an axis', () => {
    expect(stepMovement({ x: 500, y: 500 }, 1, 0, dt, open)).toEqual({ x: 500 + step, y: 500 });
  });

  test('diagonals are normalised, never faster than straight moves', () => {
    const moved = stepMovement({ x: 500, y: 500 }, 1, 1, dt, open);
    expect(Math.hypot(moved.x - 500, moved.y - 500)).toBeCloseTo(step, 9);
  });

  test('clamps to the arena, keeping the radius inside', () => {
    expect(stepMovement({ x: 1999, y: 1 }, 1, -1, dt, open)).toEqual({
      x: 2000 - PLAYER_RADIUS_UNITS,
      y: PLAYER_RADIUS_UNITS,
    });
    expect(stepMovement({ x: 1999, y: 1 }, 1, -1, dt, open, 0)).toEqual({ x: 2000, y: 0 });
  });

  test('a wall stops the blocked axis and lets the player slide along the other', () => {
    const map: ArenaMap = { ...open, walls: [{ x: 520, y: 0, width: 40, height: 2000 }] };
    const from = { x: 520 - PLAYER_RADIUS_UNITS - 1, y: 500 };
    const moved = stepMovement(from, 1, 1, dt, map);
    expect(moved.x).toBe(from.x);
    expect(moved.y).toBeGreaterThan(500);
  });

  test('non-finite axes are treated as no movement', () => {
    expect(stepMovement({ x: 10, y: 20 }, Number.NaN, Number.POSITIVE_INFINITY, dt, open, 0)).toEqual({
      x: 10,
      y: 20,
    });
  });
});
