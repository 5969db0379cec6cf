import { describe, expect, test } from 'vitest';
import { minimapProjection } from './minimap-projection';

describe('minimapProjection', () => {
  test('a square arena fills the square map, corners to corners', () => {
    const map = minimapProjection({ width: 2000, height: 2000 }, 160);
    expect(map.toMap(0, 0)).toEqual({ x: 0, y: 0 });
    expect(map.toMap(2000, 2000)).toEqual({ x: 160, y: 160 });
    expect(map.toMap(1000, 500)).toEqual({ x: 80, y: 40 });
    expect(map.scale).toBe(0.08);
  });

  test('a wide arena keeps its shape, centred vertically', () => {
    const map = minimapProjection({ width: 2000, height: 1000 }, 100);
    expect(map.toMap(0, 0)).toEqual({ x: 0, y: 25 });
    expect(map.toMap(2000, 1000)).toEqual({ x: 100, y: 75 });
  });

  test('a point outside the arena stays on its edge', () => {
    const map = minimapProjection({ width: 2000, height: 2000 }, 100);
    expect(map.toMap(-50, 2100)).toEqual({ x: 0, y: 100 });
  });
});
