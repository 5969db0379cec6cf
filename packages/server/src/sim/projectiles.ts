import {
  type ArenaMap,
  circleOverlapsRect,
  isWallBetween,
  PLAYER_RADIUS_UNITS,
  PROJECTILE_RADIUS_UNITS,
  PROJECTILE_SPEED_UNITS_PER_S,
  segmentCircleEntry,
} from '@arena/protocol';
import type { PlayerState, ProjectileState } from './world-state';

/** A projectile leaving the shooter's edge in the aim direction. */
export function spawnProjectile(
  id: number,
  shooter: PlayerState,
  dtS: number,
  expiresTick: number,
): ProjectileState {
  const cos = Math.cos(shooter.angle);
  const sin = Math.sin(shooter.angle);
  const offset = PLAYER_RADIUS_UNITS + PROJECTILE_RADIUS_UNITS + 1;
  const speedPerTick = PROJECTILE_SPEED_UNITS_PER_S * dtS;
  return {
    id,
    ownerId: shooter.id,
    x: shooter.x + cos * offset,
    y: shooter.y + sin * offset,
    vx: cos * speedPerTick,
    vy: sin * speedPerTick,
    angle: shooter.angle,
    expiresTick,
  };
}

/** Where a player stood for a collision test: now, or at a rewound tick (lag compensation). */
export interface HitTarget {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly isAlive: boolean;
}

/**
 * Moves one projectile by one tick. Returns the id of the target it hit first along its path
 * (swept, so a fast projectile cannot pass through a player between ticks), 'gone' when it hit
 * a wall, left the arena or expired, or undefined when it flies on.
 */
export function advanceProjectile(
  projectile: ProjectileState,
  targets: readonly HitTarget[],
  map: ArenaMap,
  tick: number,
): number | 'gone' | undefined {
  const fromX = projectile.x;
  const fromY = projectile.y;
  const toX = fromX + projectile.vx;
  const toY = fromY + projectile.vy;
  const hitRadius = PLAYER_RADIUS_UNITS + PROJECTILE_RADIUS_UNITS;
  let victim: number | undefined;
  let nearestT = Number.POSITIVE_INFINITY;
  for (const target of targets) {
    if (target.id === projectile.ownerId || !target.isAlive) continue;
    const t = segmentCircleEntry(fromX, fromY, toX, toY, target.x, target.y, hitRadius);
    if (t !== undefined && t < nearestT) {
      nearestT = t;
      victim = target.id;
    }
  }
  if (
    victim !== undefined &&
    !isWallBetween(fromX, fromY, fromX + projectile.vx * nearestT, fromY + projectile.vy * nearestT, map)
  ) {
    return victim;
  }
  projectile.x = toX;
  projectile.y = toY;
  if (tick >= projectile.expiresTick) return 'gone';
  if (toX < 0 || toY < 0 || toX > map.width || toY > map.height) return 'gone';
  if (map.walls.some((wall) => circleOverlapsRect(toX, toY, PROJECTILE_RADIUS_UNITS, wall))) return 'gone';
  return undefined;
}
