import { PROJECTILE_RADIUS_UNITS } from './constants';

/** The static geometry of one room: its size and its walls (axis-aligned rectangles). */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface ArenaMap {
  readonly width: number;
  readonly height: number;
  readonly walls: readonly Rect[];
}

/** True when a circle at (cx, cy) with radius r overlaps the rectangle. */
export function circleOverlapsRect(cx: number, cy: number, r: number, rect: Rect): boolean {
  const nearestX = Math.max(rect.x, Math.min(cx, rect.x + rect.width));
  const nearestY = Math.max(rect.y, Math.min(cy, rect.y + rect.height));
  const dx = cx - nearestX;
  const dy = cy - nearestY;
  return dx * dx + dy * dy < r * r;
}

/**
 * Where the segment from (ax, ay) to (bx, by) first comes within `radius` of (cx, cy), as a
 * fraction 0..1 of its length: 0 when it starts that close, undefined when it never does. How a
 * projectile's path meets a player, on the server and in the lab's shooter alike.
 */
export function segmentCircleEntry(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  radius: number,
): number | undefined {
  const dx = bx - ax;
  const dy = by - ay;
  const fx = ax - cx;
  const fy = ay - cy;
  const a = dx * dx + dy * dy;
  const c = fx * fx + fy * fy - radius * radius;
  if (c <= 0) return 0;
  if (a === 0) return undefined;
  const b = 2 * (fx * dx + fy * dy);
  const discriminant = b * b - 4 * a * c;
  if (discriminant < 0) return undefined;
  const t = (-b - Math.sqrt(discriminant)) / (2 * a);
  return t >= 0 && t <= 1 ? t : undefined;
}

/** True when the point lies inside the rectangle (edges included). */
export function pointInRect(px: number, py: number, rect: Rect): boolean {
  return px >= rect.x && px <= rect.x + rect.width && py >= rect.y && py <= rect.y + rect.height;
}

/**
 * True when a projectile-sized circle meets a wall on the way between two points, sampled every
 * projectile radius: how the server decides a hit is blocked, and how a client (the lab's shooter)
 * judges the same.
 */
export function isWallBetween(ax: number, ay: number, bx: number, by: number, map: ArenaMap): boolean {
  const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / PROJECTILE_RADIUS_UNITS));
  for (let i = 1; i <= steps; i++) {
    const x = ax + ((bx - ax) * i) / steps;
    const y = ay + ((by - ay) * i) / steps;
    if (map.walls.some((wall) => circleOverlapsRect(x, y, PROJECTILE_RADIUS_UNITS, wall))) return true;
  }
  return false;
}
