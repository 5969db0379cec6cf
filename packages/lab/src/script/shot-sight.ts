import {
  type ArenaMap,
  isWallBetween,
  PLAYER_RADIUS_UNITS,
  PROJECTILE_LIFETIME_MS,
  PROJECTILE_RADIUS_UNITS,
  PROJECTILE_SPEED_UNITS_PER_S,
  segmentCircleEntry,
} from '@arena/protocol';
import type { SeenPlayer } from './input-script';

/** How far a projectile flies before it expires, world units. */
export const SHOT_RANGE_UNITS = (PROJECTILE_SPEED_UNITS_PER_S * PROJECTILE_LIFETIME_MS) / 1000;

/**
 * Whom a shot fired now would hit in the shooter's own view: the first living player along the
 * aim within the projectile's range, with no wall before it; undefined for a miss. The same
 * geometry as the server's projectiles (packages/server/src/sim/projectiles.ts: a projectile
 * leaves the shooter's edge and hits a player within PLAYER_RADIUS + PROJECTILE_RADIUS), but as
 * a ray on the picture the shooter saw: what the player believes they hit, which lag
 * compensation is there to grant.
 */
export function seenHit(
  shooter: SeenPlayer,
  aim: number,
  others: readonly SeenPlayer[],
  map: ArenaMap,
): number | undefined {
  const dx = Math.cos(aim);
  const dy = Math.sin(aim);
  const start = PLAYER_RADIUS_UNITS + PROJECTILE_RADIUS_UNITS + 1;
  const ax = shooter.x + dx * start;
  const ay = shooter.y + dy * start;
  const bx = ax + dx * SHOT_RANGE_UNITS;
  const by = ay + dy * SHOT_RANGE_UNITS;
  const hitRadius = PLAYER_RADIUS_UNITS + PROJECTILE_RADIUS_UNITS;
  let victim: number | undefined;
  let nearest = 1;
  for (const other of others) {
    if (other.id === shooter.id || other.hp <= 0) continue;
    const t = segmentCircleEntry(ax, ay, bx, by, other.x, other.y, hitRadius);
    if (t !== undefined && t <= nearest) {
      nearest = t;
      victim = other.id;
    }
  }
  if (victim === undefined) return undefined;
  return isWallBetween(ax, ay, ax + (bx - ax) * nearest, ay + (by - ay) * nearest, map) ? undefined : victim;
}
