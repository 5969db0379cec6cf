import type { ArenaMap } from './arena-map';
import { circleOverlapsRect } from './arena-map';
import { PLAYER_RADIUS_UNITS, PLAYER_SPEED_UNITS_PER_S } from './constants';
import { dequantizePosition, POSITION_STEPS_PER_UNIT, quantizePosition } from './quantize';

export interface Position {
  readonly x: number;
  readonly y: number;
}

/**
 * One movement step of a player: the rule the server simulates and the client predicts with.
 * `moveX`/`moveY` are the dequantised input axes; a vector longer than 1 is normalised so that
 * diagonals are not faster. Each axis moves separately and is stopped by walls, so a player
 * slides along a wall instead of sticking to it. The result is clamped to the arena and snapped
 * to the 1/16-unit grid toward `from`, so a step is never longer than speed x dt x the input's
 * length: the speed limit holds exactly, rounding included.
 */
export function stepMovement(
  from: Position,
  moveX: number,
  moveY: number,
  dtS: number,
  map: ArenaMap,
  radius: number = PLAYER_RADIUS_UNITS,
): Position {
  let dx = Number.isFinite(moveX) ? moveX : 0;
  let dy = Number.isFinite(moveY) ? moveY : 0;
  const length = Math.hypot(dx, dy);
  if (length > 1) {
    dx /= length;
    dy /= length;
  }
  const stepUnits = PLAYER_SPEED_UNITS_PER_S * dtS;
  let x = snapToward(from.x, clamp(from.x + dx * stepUnits, radius, map.width - radius));
  if (dx !== 0 && hitsWall(x, from.y, radius, map)) x = from.x;
  let y = snapToward(from.y, clamp(from.y + dy * stepUnits, radius, map.height - radius));
  if (dy !== 0 && hitsWall(x, y, radius, map)) y = from.y;
  return { x, y };
}

/**
 * Snaps `to` to the grid on the side of `from`, so that an axis never moves farther than it was
 * asked to: rounding to the nearest point could lengthen a step by up to 1/32 unit per axis (a
 * diagonal step of 3.359 units against 3.333 at 60 Hz). `from` is on the grid, as every position
 * the simulation produces is, so the snapped axis stays between `from` and `to`.
 */
function snapToward(from: number, to: number): number {
  if (to > from) return Math.floor(to * POSITION_STEPS_PER_UNIT) / POSITION_STEPS_PER_UNIT;
  if (to < from) return Math.ceil(to * POSITION_STEPS_PER_UNIT) / POSITION_STEPS_PER_UNIT;
  return snapToGrid(to);
}

/**
 * Positions live on the 1/16-unit grid snapshots carry, so a client that replays its inputs from
 * a snapshot's position computes exactly what the server did (no drift at walls, where a step is
 * all or nothing).
 */
export function snapToGrid(units: number): number {
  return dequantizePosition(quantizePosition(units));
}

function hitsWall(x: number, y: number, radius: number, map: ArenaMap): boolean {
  for (const wall of map.walls) {
    if (circleOverlapsRect(x, y, radius, wall)) return true;
  }
  return false;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
