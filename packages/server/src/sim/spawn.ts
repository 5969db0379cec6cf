import type { Position } from '@arena/protocol';
import type { Rng } from './rng';
import { isAlive, type PlayerState } from './world-state';

/** A spawn point counts as free when no living player is closer than this. */
export const SPAWN_FREE_RADIUS_UNITS = 150;

/**
 * Picks a spawn point at random among the free ones; when all are taken, the one farthest from
 * every living player. Deterministic for a given rng state.
 */
export function chooseSpawnPoint(
  points: readonly Position[],
  players: Iterable<PlayerState>,
  rng: Rng,
): Position {
  const living = [...players].filter(isAlive);
  const distanceToNearest = (p: Position) =>
    living.reduce(
      (nearest, other) => Math.min(nearest, Math.hypot(other.x - p.x, other.y - p.y)),
      Number.POSITIVE_INFINITY,
    );
  const free = points.filter((p) => distanceToNearest(p) >= SPAWN_FREE_RADIUS_UNITS);
  if (free.length > 0) return free[rng.int(0, free.length - 1)]!;
  let best = points[0]!;
  for (const p of points) if (distanceToNearest(p) > distanceToNearest(best)) best = p;
  return best;
}
