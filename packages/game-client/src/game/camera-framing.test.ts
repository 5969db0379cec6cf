import { describe, expect, test } from 'vitest';
import { ARENA_EDGE_MARGIN_UNITS, frameCamera, insetsAround } from './camera-framing';

const arena = { width: 2000, height: 2000 };
const view = { width: 1280, height: 720, zoom: 0.8 }; // 1600 x 900 world units
const screenOf = (target: number, centre: number, px: number) => (target - centre) * view.zoom + px / 2;

describe('frameCamera', () => {
  test('follows the target in the middle of the arena', () => {
    expect(frameCamera({ x: 1000, y: 1000 }, view, arena)).toEqual({ x: 1000, y: 1000 });
  });

  test('stops at the arena edge (plus a thin margin) instead of showing empty space', () => {
    const centre = frameCamera({ x: 20, y: 1990 }, view, arena);
    expect(centre.x).toBe(800 - ARENA_EDGE_MARGIN_UNITS);
    expect(centre.y).toBe(2000 - 450 + ARENA_EDGE_MARGIN_UNITS);
  });

  test('centres an arena narrower than the view', () => {
    expect(frameCamera({ x: 100, y: 100 }, { width: 4000, height: 4000, zoom: 1 }, arena)).toEqual({
      x: 1000,
      y: 1000,
    });
  });

  test('moves so the target is not drawn under a panel along an edge', () => {
    const insets = { top: 0, right: 0, bottom: 300, left: 450 };
    const target = { x: 30, y: 1970 };
    const centre = frameCamera(target, view, arena, insets, 16);
    expect(screenOf(target.x, centre.x, view.width)).toBeGreaterThanOrEqual(450 + 16 * view.zoom);
    expect(screenOf(target.y, centre.y, view.height)).toBeLessThanOrEqual(720 - 300 - 16 * view.zoom);
    // in the middle nothing changes
    expect(frameCamera({ x: 1000, y: 1000 }, view, arena, insets, 16)).toEqual({ x: 1000, y: 1000 });
  });

  test('ignores insets that leave no room at all', () => {
    const insets = { top: 400, right: 0, bottom: 400, left: 0 };
    expect(frameCamera({ x: 1000, y: 1000 }, view, arena, insets).y).toBe(1000);
  });
});

describe('insetsAround', () => {
  const viewport = { width: 1280, height: 720 };

  test('a corner panel widens the thinner band', () => {
    // 400 wide, 250 high in the bottom right corner: the bottom band (260) is thinner than the right one (410)
    expect(insetsAround([{ left: 870, top: 460, right: 1270, bottom: 710 }], viewport)).toEqual({
      top: 0,
      right: 0,
      bottom: 260,
      left: 0,
    });
    // a tall narrow column on the right counts against the right edge
    expect(insetsAround([{ left: 1080, top: 10, right: 1270, bottom: 500 }], viewport)).toEqual({
      top: 0,
      right: 200,
      bottom: 0,
      left: 0,
    });
  });

  test('takes the largest band per edge and skips hidden (empty) boxes', () => {
    const boxes = [
      { left: 10, top: 10, right: 400, bottom: 46 },
      { left: 10, top: 10, right: 300, bottom: 80 },
      { left: 0, top: 0, right: 0, bottom: 0 },
    ];
    expect(insetsAround(boxes, viewport)).toEqual({ top: 80, right: 0, bottom: 0, left: 0 });
  });
});
