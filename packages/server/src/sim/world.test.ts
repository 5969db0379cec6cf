import {
  FIRE_COOLDOWN_MS,
  msToTicks,
  PLAYER_MAX_HP,
  PLAYER_SPEED_UNITS_PER_S,
  PROJECTILE_DAMAGE_HP,
  RESPAWN_DELAY_MS,
  SPAWN_PROTECTION_MS,
} from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { hashWorld } from './state-hash';
import { World } from './world';
import type { AppliedInput } from './world-state';

const idle: AppliedInput = { moveX: 0, moveY: 0, aim: 0, fire: false };
const TICK_HZ = 60;

/** A scripted match: inputs for each player on each tick, derived from the tick number. */
function playScript(seed: number, ticks: number): string[] {
  const world = new World({ mode: 'arena', tickRateHz: TICK_HZ, seed });
  for (let id = 1; id <= 4; id++) world.addPlayer(id, `p${id}`);
  const hashes: string[] = [];
  for (let t = 0; t < ticks; t++) {
    const inputs = new Map<number, AppliedInput[]>();
    for (let id = 1; id <= 4; id++) {
      inputs.set(id, [
        {
          moveX: Math.sin(t / 30 + id),
          moveY: Math.cos(t / 45 + id * 2),
          aim: ((t * id) % 628) / 100 - Math.PI,
          fire: (t + id) % 7 === 0,
        },
      ]);
    }
    world.step(inputs);
    hashes.push(hashWorld(world));
  }
  return hashes;
}

/** Two players facing each other across open ground, shooter on the left, spawn protection over. */
function duel(): { world: World; shooter: number; target: number } {
  const world = new World({ mode: 'arena', tickRateHz: TICK_HZ, seed: 1 });
  world.addPlayer(1, 'shooter');
  world.addPlayer(2, 'target');
  // place them on a wall-free line found by scanning the map
  const y = findClearRow(world);
  Object.assign(world.getPlayer(1)!, { x: 200, y });
  Object.assign(world.getPlayer(2)!, { x: 400, y });
  while (world.tick < msToTicks(SPAWN_PROTECTION_MS, TICK_HZ)) world.step(new Map());
  return { world, shooter: 1, target: 2 };
}

function findClearRow(world: World): number {
  for (let y = 100; y < 1900; y += 10) {
    const clear = world.map.walls.every(
      (w) => y + 30 < w.y || y - 30 > w.y + w.height || w.x > 500 || w.x + w.width < 100,
    );
    if (clear) return y;
  }
  throw new Error('no clear row');
}

describe('World', () => {
  test('same seed and inputs give the same state hash on every tick', () => {
    expect(playScript(42, 600)).toEqual(playScript(42, 600));
  });

  test('a different seed gives a different match', () => {
    expect(playScript(42, 10).at(-1)).not.toEqual(playScript(43, 10).at(-1));
  });

  test('the map is generated from the seed', () => {
    const a = new World({ mode: 'arena', tickRateHz: 60, seed: 7 });
    const b = new World({ mode: 'arena', tickRateHz: 60, seed: 7 });
    expect(a.map).toEqual(b.map);
    expect(a.map.walls.length).toBeGreaterThan(5);
  });

  test('a player moves at the player speed in the direction of the input', () => {
    const world = new World({ mode: 'bench', tickRateHz: TICK_HZ, seed: 3 });
    const player = world.addPlayer(1, 'a');
    Object.assign(world.getPlayer(1)!, { x: 1000, y: 1000 });
    for (let i = 0; i < TICK_HZ; i++) world.step(new Map([[1, [{ ...idle, moveX: 1 }]]]));
    // 60 steps of 200/60 units, each snapped to the 1/16 grid toward the start (never longer,
    // less than 1/16 shorter)
    expect(player.x).toBeLessThanOrEqual(1000 + PLAYER_SPEED_UNITS_PER_S);
    expect(player.x).toBeGreaterThan(1000 + PLAYER_SPEED_UNITS_PER_S - 60 / 16);
    expect(player.y).toBe(1000);
  });

  test('players without an input stand still', () => {
    const world = new World({ mode: 'bench', tickRateHz: TICK_HZ, seed: 3 });
    const player = world.addPlayer(1, 'a');
    const before = { x: player.x, y: player.y };
    world.step(new Map());
    expect({ x: player.x, y: player.y }).toEqual(before);
  });

  test('bench mode clamps to 0..2000 and never fires', () => {
    const world = new World({ mode: 'bench', tickRateHz: TICK_HZ, seed: 3 });
    const player = world.addPlayer(1, 'a');
    for (let i = 0; i < 20 * TICK_HZ; i++)
      world.step(new Map([[1, [{ moveX: -1, moveY: 1, aim: 0, fire: true }]]]));
    expect([player.x, player.y]).toEqual([0, 2000]);
    expect(world.view().projectiles).toHaveLength(0);
    expect(world.map.walls).toHaveLength(0);
  });

  test('fire respects the cooldown', () => {
    const { world, shooter } = duel();
    const cooldownTicks = msToTicks(FIRE_COOLDOWN_MS, TICK_HZ);
    let fired = 0;
    let lastCount = 0;
    for (let i = 0; i < cooldownTicks * 3; i++) {
      world.step(new Map([[shooter, [{ ...idle, aim: -Math.PI / 2, fire: true }]]])); // aim away from the target
      const count = world.view().projectiles.length;
      if (count > lastCount) fired++;
      lastCount = count;
    }
    expect(fired).toBe(3);
  });

  test('projectiles damage, kill, score, and the victim respawns after the delay', () => {
    const { world, shooter, target } = duel();
    const shots = Math.ceil(PLAYER_MAX_HP / PROJECTILE_DAMAGE_HP);
    const events = [];
    let ticks = 0;
    while (world.getPlayer(target)!.hp > 0 && ticks < 600) {
      events.push(...world.step(new Map([[shooter, [{ ...idle, aim: 0, fire: true }]]])));
      ticks++;
    }
    expect(world.getPlayer(target)!.hp).toBe(0);
    expect(world.getPlayer(shooter)!.score).toBe(1);
    expect(world.getPlayer(target)!.deaths).toBe(1);
    expect(events).toContainEqual({ kind: 'kill', killerId: shooter, victimId: target });
    // every shot but the last one is a hit; the last one is the kill
    expect(events.filter((e) => e.kind === 'hit')).toEqual(
      Array.from({ length: shots - 1 }, () => ({ kind: 'hit', shooterId: shooter, victimId: target })),
    );
    expect(ticks).toBeGreaterThanOrEqual((shots - 1) * msToTicks(FIRE_COOLDOWN_MS, TICK_HZ));
    // dead players ignore inputs and take no more hits
    const deadAt = { x: world.getPlayer(target)!.x, y: world.getPlayer(target)!.y };
    const respawnTicks = msToTicks(RESPAWN_DELAY_MS, TICK_HZ);
    const later = [];
    for (let i = 0; i < respawnTicks - 1; i++)
      later.push(...world.step(new Map([[target, [{ ...idle, moveX: 1 }]]])));
    expect(world.getPlayer(target)!.hp).toBe(0);
    expect({ x: world.getPlayer(target)!.x, y: world.getPlayer(target)!.y }).toEqual(deadAt);
    later.push(...world.step(new Map()));
    expect(world.getPlayer(target)!.hp).toBe(PLAYER_MAX_HP);
    expect(later.filter((e) => e.kind === 'respawn')).toHaveLength(1);
  });

  test('a projectile never hits its own shooter', () => {
    const world = new World({ mode: 'arena', tickRateHz: TICK_HZ, seed: 5 });
    const solo = world.addPlayer(1, 'solo');
    for (let i = 0; i < 300; i++) world.step(new Map([[1, [{ ...idle, aim: i / 10, fire: true }]]]));
    expect(solo.hp).toBe(PLAYER_MAX_HP);
  });

  test('leaving removes the player and their projectiles', () => {
    const { world, shooter } = duel();
    world.step(new Map([[shooter, [{ ...idle, fire: true }]]]));
    expect(world.view().projectiles.length).toBe(1);
    world.removePlayer(shooter);
    expect(world.view().projectiles.length).toBe(0);
    expect(world.playerCount).toBe(1);
  });
});
