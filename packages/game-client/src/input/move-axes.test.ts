import { describe, expect, test } from 'vitest';
import { moveAxesFromKeys } from './move-axes';

describe('moveAxesFromKeys', () => {
  test('WASD and the arrows move the same way', () => {
    expect(moveAxesFromKeys(new Set(['KeyD']))).toEqual({ moveX: 1, moveY: 0 });
    expect(moveAxesFromKeys(new Set(['ArrowRight']))).toEqual({ moveX: 1, moveY: 0 });
    expect(moveAxesFromKeys(new Set(['KeyW', 'ArrowLeft']))).toEqual({ moveX: -1, moveY: -1 });
  });

  test('opposite keys cancel out', () => {
    expect(moveAxesFromKeys(new Set(['KeyA', 'KeyD', 'KeyS']))).toEqual({ moveX: 0, moveY: 1 });
  });

  test('no key, no movement', () => {
    expect(moveAxesFromKeys(new Set(['KeyQ']))).toEqual({ moveX: 0, moveY: 0 });
  });
});
