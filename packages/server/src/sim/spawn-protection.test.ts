import {
  circleOverlapsRect,
  type GameEvent,
  msToTicks,
  PLAYER_MAX_HP,
  PLAYER_RADIUS_UNITS,
  PROJECTILE_RADIUS_UNITS,
  RESPAWN_DELAY_MS,
  SPAWN_PROTECTION_MS,
} from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { hasLineOfSight } from './line-of-sight';
import { rateSpawnPoint } from './spawn';
import { World } from './world';
import type { AppliedInput } from './world-state';

const TICK_HZ = 60;
const PROTECTION_TICKS = msToTicks(SPAWN_PROTECTION_MS, TICK_HZ);
const SHOOTER_IDS = [11, 12, 13];
const RING_UNITS = 90;

/**
 * Puts the shooters on a ring around `at`, each with a clear line to it, and returns the inputs
 * that make them fire at it every tick (the cooldown decides how often a shot leaves).
 */
function surround(world: World, at: { x: number; y: number }): Map<number, AppliedInput[]> {
  const inputs = new Map<number, AppliedInput[]>();
  let placed = 0;
  for (let step = 0; step < 32 && placed < SHOOTER_IDS.length; step++) {
    const angle = (step / 32) * Math.PI * 2;
    const x = at.x + Math.cos(angle) * RING_UNITS;
    const y = at.y + Math.sin(angle) * RING_UNITS;
    const isInside = x > PLAYER_RADIUS_UNITS && y > PLAYER_RADIUS_UNITS && x < 1984 && y < 1984;
    const isClear = world.map.walls.every((wall) => !circleOverlapsRect(x, y, PLAYER_RADIUS_UNITS + 2, wall));
    if (!isInside || !isClear || !hasLineOfSight(x, y, at.x, at.y, world.map.walls, PROJECTILE_RADIUS_UNITS))
      continue;
    const id = SHOOTER_IDS[placed++]!;
    Object.assign(world.getPlayer(id)!, { x, y });
    const aim = Math.atan2(at.y - y, at.x - x);
    inputs.set(id, [{ moveX: 0, moveY: 0, aim, fire: true }]);
  }
  expect(placed).toBe(SHOOTER_IDS.length);
  return inputs;
}

const victimEvents = (events: readonly GameEvent[], victimId: number) =>
  events.filter((e) => (e.kind === 'hit' || e.kind === 'kill') && e.victimId === victimId);

describe('spawn protection', () => {
  test.each([5, 17, 23])(
    'shooters around a fresh spawn hurt nobody for the protection window (seed %i)',
    (seed) => {
      const world = new World({ mode: 'arena', tickRateHz: TICK_HZ, seed });
      for (const id of SHOOTER_IDS) world.addPlayer(id, `shooter${id}`);
      // the shooters' own protection runs out before the victim arrives
      while (world.tick < PROTECTION_TICKS + 1) world.step(new Map());
      const victim = world.addPlayer(1, 'victim');
      const fire = surround(world, victim);
      const events: GameEvent[] = [];
      for (let i = 0; i < PROTECTION_TICKS; i++) events.push(...world.step(fire));
      expect(victimEvents(events, 1)).toEqual([]);
      expect(victim.hp).toBe(PLAYER_MAX_HP);
      // once it is over, the same shooters hurt, and kill
      const after: GameEvent[] = [];
      for (let i = 0; i < 120 && victim.hp > 0; i++) after.push(...world.step(fire));
      expect(victimEvents(after, 1)[0]).toMatchObject({ kind: 'hit', victimId: 1 });
      expect(victim.hp).toBe(0);

      // the respawn is protected the same way, even with the shooters camping the new spawn point
      const respawnTicks = msToTicks(RESPAWN_DELAY_MS, TICK_HZ);
      let respawned: GameEvent | undefined;
      for (let i = 0; i <= respawnTicks && respawned === undefined; i++) {
        respawned = world.step(new Map()).find((e) => e.kind === 'respawn' && e.playerId === 1);
      }
      expect(respawned).toBeDefined();
      const camp = surround(world, victim);
      const again: GameEvent[] = [];
      for (let i = 0; i < PROTECTION_TICKS; i++) again.push(...world.step(camp));
      expect(victimEvents(again, 1)).toEqual([]);
      expect(victim.hp).toBe(PLAYER_MAX_HP);
    },
  );

  test('a respawn lands away from the living shooters: outside the free radius and out of their sight', () => {
    const world = new World({ mode: 'arena', tickRateHz: TICK_HZ, seed: 31 });
    for (const id of SHOOTER_IDS) world.addPlayer(id, `shooter${id}`);
    const victim = world.addPlayer(1, 'victim');
    while (world.tick < PROTECTION_TICKS + 1) world.step(new Map());
    const fire = surround(world, victim);
    for (let i = 0; i < 200 && victim.hp > 0; i++) world.step(fire);
    expect(victim.hp).toBe(0);
    let respawned = false;
    for (let i = 0; i < 400 && !respawned; i++) {
      respawned = world.step(new Map()).some((e) => e.kind === 'respawn' && e.playerId === 1);
    }
    expect(respawned).toBe(true);
    const shooters = SHOOTER_IDS.map((id) => world.getPlayer(id)!);
    expect(rateSpawnPoint(victim, shooters, world.map).isSafe).toBe(true);
  });
});
