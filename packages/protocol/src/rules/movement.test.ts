import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ArenaMap } from './arena-map';
import { PLAYER_RADIUS_UNITS, PLAYER_SPEED_UNITS_PER_S } from './constants';
import { snapToGrid, stepMovement } from './movement';

const open: ArenaMap = { width: 2000, height: 2000, walls: [] };
const dt = 1 / 60;
const step = PLAYER_SPEED_UNITS_PER_S * dt;

describe('stepMovement', () => {
  test('moves at the player speed along an axis', () => {
    expect(stepMovement({ x: 500, y: 500 }, 1, 0, dt, open)).toEqual({ x: snapToGrid(500 + step), y: 500 });
  });

  test('diagonals are normalised, never faster than straight moves', () => {
    const moved = stepMovement({ x: 500, y: 500 }, 1, 1, dt, open);
    // normalised to one step, then each axis snapped to the 1/16 grid toward the start
    const length = Math.hypot(moved.x - 500, moved.y - 500);
    expect(length).toBeLessThanOrEqual(step);
    expect(length).toBeGreaterThan(step - Math.SQRT2 / 16);
  });

  test('a step is never longer than speed x dt x the input length, at any tick rate, rounding included', () => {
    const axis = fc.double({ min: -1.5, max: 1.5, noNaN: true });
    const gridPosition = fc.integer({ min: 0, max: 2000 * 16 }).map((steps) => steps / 16);
    fc.assert(
      fc.property(
        gridPosition,
        gridPosition,
        axis,
        axis,
        fc.integer({ min: 10, max: 128 }),
        (x, y, mx, my, hz) => {
          const moved = stepMovement({ x, y }, mx, my, 1 / hz, open, 0);
          const allowed = PLAYER_SPEED_UNITS_PER_S * (1 / hz) * Math.min(1, Math.hypot(mx, my));
          expect(Math.hypot(moved.x - x, moved.y - y)).toBeLessThanOrEqual(allowed + 1e-9);
        },
      ),
      { numRuns: 2000 },
    );
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

  test('positions stay on the 1/16-unit grid, so replays from a snapshot position are exact', () => {
    let at = { x: 500, y: 500 };
    for (let i = 0; i < 100; i++) at = stepMovement(at, Math.cos(i), Math.sin(i * 0.7), dt, open);
    expect(at.x * 16).toBe(Math.round(at.x * 16));
    expect(at.y * 16).toBe(Math.round(at.y * 16));
  });

  test('non-finite axes are treated as no movement', () => {
    expect(stepMovement({ x: 10, y: 20 }, Number.NaN, Number.POSITIVE_INFINITY, dt, open, 0)).toEqual({
      x: 10,
      y: 20,
    });
  });
});
