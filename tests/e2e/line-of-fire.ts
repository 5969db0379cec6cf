import { circleOverlapsRect, PROJECTILE_RADIUS_UNITS, type Rect } from '@arena/protocol';

/** A point on the screen's world, as the test hook reports players. */
interface At {
  readonly x: number;
  readonly y: number;
}

/**
 * True when a projectile from `from` towards `to` meets no wall on the way (checked every 4
 * units, with a little room beside the projectile) and `to` is within `rangeUnits`.
 */
export function hasLineOfFire(from: At, to: At, walls: readonly Rect[], rangeUnits: number): boolean {
  const distance = Math.hypot(to.x - from.x, to.y - from.y);
  if (distance > rangeUnits) return false;
  const steps = Math.ceil(distance / 4);
  for (let i = 0; i <= steps; i++) {
    const x = from.x + ((to.x - from.x) * i) / steps;
    const y = from.y + ((to.y - from.y) * i) / steps;
    if (walls.some((wall) => circleOverlapsRect(x, y, PROJECTILE_RADIUS_UNITS + 2, wall))) return false;
  }
  return true;
}
