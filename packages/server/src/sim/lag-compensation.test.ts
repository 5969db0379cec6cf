import { msToTicks, PLAYER_MAX_HP, PROJECTILE_DAMAGE_HP, SPAWN_PROTECTION_MS } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { World } from './world';
import type { AppliedInput } from './world-state';

const TICK_HZ = 60;
const idle: AppliedInput = { moveX: 0, moveY: 0, aim: 0, fire: false };

/**
 * A constructed scene: the shooter stands 50 units left of the target, facing it. The target
 * stands still until tick `viewTick`, then walks sideways (200 units/s) for 12 ticks, 40 units:
 * out of the line of fire. Only then does the shooter's shot arrive, taken while it still saw
 * the target standing (its view is 12 ticks old: 200 ms of latency plus interpolation).
 */
function scene(maxRewindMs: number, shotViewTick: (viewTick: number, now: number) => number) {
  const world = new World({ mode: 'arena', tickRateHz: TICK_HZ, seed: 11, maxRewindMs });
  world.addPlayer(1, 'shooter');
  world.addPlayer(2, 'target');
  const y = clearRow(world);
  Object.assign(world.getPlayer(1)!, { x: 350, y, angle: 0 });
  Object.assign(world.getPlayer(2)!, { x: 400, y });
  // after the spawn protection, which would absorb the shot
  const viewTick = msToTicks(SPAWN_PROTECTION_MS, TICK_HZ) + 5;
  while (world.tick < viewTick) world.step(new Map());
  for (let i = 0; i < 12; i++) world.step(new Map([[2, [{ ...idle, moveY: 1 }]]]));
  const now = world.tick + 1;
  world.step(new Map([[1, [{ ...idle, aim: 0, fire: true, viewTick: shotViewTick(viewTick, now) }]]]));
  for (let i = 0; i < 30; i++) world.step(new Map());
  return { world, target: world.getPlayer(2)!, rewinds: world.drainRewinds() };
}

function clearRow(world: World): number {
  for (let y = 100; y < 1800; y += 10) {
    const isClear = world.map.walls.every(
      (w) => y + 100 < w.y || y - 40 > w.y + w.height || w.x > 460 || w.x + w.width < 300,
    );
    if (isClear) return y;
  }
  throw new Error('no clear row');
}

describe('lag compensation', () => {
  test('a shot resolves against where the target stood at the shooter\u2019s view time', () => {
    const { target, rewinds } = scene(250, (viewTick) => viewTick);
    expect(target.hp).toBe(PLAYER_MAX_HP - PROJECTILE_DAMAGE_HP);
    expect(rewinds).toEqual([12]);
  });

  test('without it, the same shot misses: the target has moved on', () => {
    const { target, rewinds } = scene(0, (viewTick) => viewTick);
    expect(target.hp).toBe(PLAYER_MAX_HP);
    expect(rewinds).toEqual([]);
  });

  test('a view time in the future is not rewound at all', () => {
    const { target, rewinds } = scene(250, (_viewTick, now) => now + 50);
    expect(target.hp).toBe(PLAYER_MAX_HP);
    expect(rewinds).toEqual([]);
  });

  test('a view time far in the past is capped at maxRewindMs', () => {
    const capped = scene(100, () => 0); // 100 ms = 6 ticks: not far enough back to see the target standing
    expect(capped.rewinds).toEqual([6]);
    expect(capped.target.hp).toBe(PLAYER_MAX_HP);
  });

  test('compensated matches replay deterministically', () => {
    expect(scene(250, (v) => v).world.view()).toEqual(scene(250, (v) => v).world.view());
  });
});
