import { type ArenaMap, PLAYER_MAX_HP, type Position, PROJECTILE_RADIUS_UNITS } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { hasLineOfSight as segmentIsClear } from './line-of-sight';
import { createRng } from './rng';
import { chooseSpawnPoint, rateSpawnPoint, SPAWN_FREE_RADIUS_UNITS, SPAWN_SIGHT_RANGE_UNITS } from './spawn';
import type { PlayerState } from './world-state';

/** Whether a shot could pass from `a` to `b`: the sight spawns are judged by. */
const hasLineOfSight = (a: Position, b: Position, map: ArenaMap) =>
  segmentIsClear(a.x, a.y, b.x, b.y, map.walls, PROJECTILE_RADIUS_UNITS);

const open: ArenaMap = { width: 2000, height: 2000, walls: [] };

function player(id: number, x: number, y: number, hp = PLAYER_MAX_HP): PlayerState {
  return {
    id,
    name: `p${id}`,
    x,
    y,
    angle: 0,
    hp,
    score: 0,
    deaths: 0,
    respawnTick: 0,
    nextFireTick: 0,
    vulnerableFromTick: 0,
  };
}

/** Every point chooseSpawnPoint returns over many draws of one seeded rng. */
function choices(points: { x: number; y: number }[], players: PlayerState[], map: ArenaMap): Set<string> {
  const rng = createRng(9);
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const at = chooseSpawnPoint(points, players, map, rng);
    seen.add(`${at.x},${at.y}`);
  }
  return seen;
}

describe('chooseSpawnPoint', () => {
  test('with nobody alive, every point is used (spawns stay varied)', () => {
    const points = [
      { x: 100, y: 100 },
      { x: 1000, y: 1000 },
      { x: 1900, y: 1900 },
    ];
    expect(choices(points, [player(1, 120, 100, 0)], open)).toEqual(
      new Set(['100,100', '1000,1000', '1900,1900']),
    );
  });

  test('never a point within the free radius of a living player while a safe one exists', () => {
    const points = [
      { x: 1000, y: 1000 },
      { x: 1000 + SPAWN_FREE_RADIUS_UNITS - 1, y: 1000 },
      { x: 1900, y: 100 },
    ];
    // 1000,1000 and its neighbour are both near the enemy; only the far corner is safe
    expect(choices(points, [player(1, 1000, 1000)], open)).toEqual(new Set(['1900,100']));
  });

  test('prefers a point hidden behind a wall to one an enemy in range can see', () => {
    const wall = { x: 700, y: 300, width: 40, height: 400 };
    const map: ArenaMap = { ...open, walls: [wall] };
    const enemy = player(1, 500, 500);
    const seen = { x: 500, y: 500 + SPAWN_SIGHT_RANGE_UNITS - 100 };
    const hidden = { x: 1000, y: 500 }; // as far, but the wall stands between
    expect(hasLineOfSight(enemy, seen, map)).toBe(true);
    expect(hasLineOfSight(enemy, hidden, map)).toBe(false);
    expect(choices([seen, hidden], [enemy], map)).toEqual(new Set(['1000,500']));
  });

  test('a point in sight but beyond the sight range is safe', () => {
    const enemy = player(1, 100, 100);
    const far = { x: 100 + SPAWN_SIGHT_RANGE_UNITS + 10, y: 100 };
    expect(rateSpawnPoint(far, [enemy], open).isSafe).toBe(true);
    expect(rateSpawnPoint({ x: 100 + SPAWN_SIGHT_RANGE_UNITS - 10, y: 100 }, [enemy], open).isSafe).toBe(
      false,
    );
  });

  test('dead players are not a threat', () => {
    const points = [
      { x: 1000, y: 1000 },
      { x: 1900, y: 1900 },
    ];
    const dead = player(1, 1000, 1010, 0);
    expect(choices(points, [dead], open)).toEqual(new Set(['1000,1000', '1900,1900']));
  });

  test('when no point is safe, the one farthest from the nearest enemy, a seen one counting half', () => {
    const map: ArenaMap = { ...open, walls: [{ x: 700, y: 300, width: 40, height: 400 }] };
    const enemy = player(1, 500, 500);
    const hiddenNear = { x: 760, y: 500 }; // 260 away behind the wall: inside the free radius
    const seen400 = { x: 500, y: 900 }; // counts 200
    const seen560 = { x: 500, y: 1060 }; // counts 280
    const rng = createRng(1);
    expect(rateSpawnPoint(hiddenNear, [enemy], map)).toMatchObject({ isSeen: false, isSafe: false });
    expect(chooseSpawnPoint([seen400, hiddenNear], [enemy], map, rng)).toEqual(hiddenNear);
    expect(chooseSpawnPoint([seen400, hiddenNear, seen560], [enemy], map, rng)).toEqual(seen560);
  });

  test('a line of sight is blocked by a wall across it and not by one beside it', () => {
    const map: ArenaMap = { ...open, walls: [{ x: 480, y: 0, width: 40, height: 400 }] };
    expect(hasLineOfSight({ x: 100, y: 200 }, { x: 900, y: 200 }, map)).toBe(false);
    expect(hasLineOfSight({ x: 100, y: 600 }, { x: 900, y: 600 }, map)).toBe(true);
  });
});
