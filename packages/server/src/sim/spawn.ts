import { type ArenaMap, type Position, PROJECTILE_RADIUS_UNITS } from '@arena/protocol';
import { hasLineOfSight } from './line-of-sight';
import type { Rng } from './rng';
import { isAlive, type PlayerState } from './world-state';

/** A spawn point is free only when no living player is closer than this, walls or not. */
export const SPAWN_FREE_RADIUS_UNITS = 300;
/**
 * A living enemy closer than this with a clear line to a spawn point could shoot at it on
 * arrival: such a point is "seen". Shorter than a projectile's range (900 units) on purpose: a
 * spawn in sight but far away is fair (spawn protection covers the first moments), and a
 * crowded room still has places to put people.
 */
export const SPAWN_SIGHT_RANGE_UNITS = 600;

/**
 * Picks where a player (re)spawns. A point is safe when no living player is within
 * SPAWN_FREE_RADIUS_UNITS and none within SPAWN_SIGHT_RANGE_UNITS can see it (walls block the
 * view): one of the safe points at random, so spawns stay varied. When none is safe, the point
 * farthest from the nearest living player, a seen point counting half its distance. Deterministic
 * for a given rng state.
 */
export function chooseSpawnPoint(
  points: readonly Position[],
  players: Iterable<PlayerState>,
  map: ArenaMap,
  rng: Rng,
): Position {
  const living = [...players].filter(isAlive);
  const rated = points.map((point) => rateSpawnPoint(point, living, map));
  const safe = rated.filter((rating) => rating.isSafe);
  if (safe.length > 0) return safe[rng.int(0, safe.length - 1)]!.point;
  let best = rated[0]!;
  for (const rating of rated) if (rating.score > best.score) best = rating;
  return best.point;
}

/** How a spawn point stands against the living players. */
export interface SpawnRating {
  readonly point: Position;
  /** Distance to the nearest living player (Infinity when nobody lives). */
  readonly nearestUnits: number;
  /** True when a living player within SPAWN_SIGHT_RANGE_UNITS has a clear line to it. */
  readonly isSeen: boolean;
  readonly isSafe: boolean;
  /** Higher is better: the fallback when no point is safe. */
  readonly score: number;
}

/** How safe `point` is against the `living` players (see chooseSpawnPoint). */
export function rateSpawnPoint(point: Position, living: readonly PlayerState[], map: ArenaMap): SpawnRating {
  let nearestUnits = Number.POSITIVE_INFINITY;
  let isSeen = false;
  for (const other of living) {
    const distance = Math.hypot(other.x - point.x, other.y - point.y);
    nearestUnits = Math.min(nearestUnits, distance);
    if (
      !isSeen &&
      distance < SPAWN_SIGHT_RANGE_UNITS &&
      hasLineOfSight(other.x, other.y, point.x, point.y, map.walls, PROJECTILE_RADIUS_UNITS)
    )
      isSeen = true;
  }
  return {
    point,
    nearestUnits,
    isSeen,
    isSafe: nearestUnits >= SPAWN_FREE_RADIUS_UNITS && !isSeen,
    score: isSeen ? nearestUnits / 2 : nearestUnits,
  };
}
