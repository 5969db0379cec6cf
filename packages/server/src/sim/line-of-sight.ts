import type { Rect } from '@arena/protocol';

/**
 * True when the segment from (ax, ay) to (bx, by) passes through `rect` grown by `margin` on
 * every side (a slab test: exact for the grown rectangle, whose corners are square, so a little
 * stricter than a circle swept along the segment).
 */
export function segmentHitsRect(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  rect: Rect,
  margin = 0,
): boolean {
  const minX = rect.x - margin;
  const maxX = rect.x + rect.width + margin;
  const minY = rect.y - margin;
  const maxY = rect.y + rect.height + margin;
  const dx = bx - ax;
  const dy = by - ay;
  let enter = 0;
  let exit = 1;
  if (dx === 0) {
    if (ax <= minX || ax >= maxX) return false;
  } else {
    const t1 = (minX - ax) / dx;
    const t2 = (maxX - ax) / dx;
    enter = Math.max(enter, Math.min(t1, t2));
    exit = Math.min(exit, Math.max(t1, t2));
    if (enter >= exit) return false;
  }
  if (dy === 0) {
    if (ay <= minY || ay >= maxY) return false;
  } else {
    const t1 = (minY - ay) / dy;
    const t2 = (maxY - ay) / dy;
    enter = Math.max(enter, Math.min(t1, t2));
    exit = Math.min(exit, Math.max(t1, t2));
    if (enter >= exit) return false;
  }
  return true;
}

/**
 * True when no wall (grown by `margin`) stands between the two points: what a player on screen
 * could see, and, with a margin of a projectile's or a player's radius, where a shot or a
 * straight walk gets through.
 */
export function hasLineOfSight(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  walls: readonly Rect[],
  margin = 0,
): boolean {
  for (const wall of walls) {
    if (segmentHitsRect(ax, ay, bx, by, wall, margin)) return false;
  }
  return true;
}
