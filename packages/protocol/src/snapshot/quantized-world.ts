import { quantizePosition } from '../rules/quantize';
import type { WorldView } from './world-view';

/** Steps per turn for angles in delta snapshots: 0.09 degrees, plenty to draw aim; deltas stay small. */
export const DELTA_ANGLE_STEPS = 4096;

/** One entity as integers on the wire grid. Projectiles leave hp and score at 0. */
export interface QuantizedEntity {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly a: number;
  readonly hp: number;
  readonly score: number;
}

/** A world on the wire grid, entities sorted by id: what both ends keep as delta baselines. */
export interface QuantizedWorld {
  readonly tick: number;
  readonly players: readonly QuantizedEntity[];
  readonly projectiles: readonly QuantizedEntity[];
}

const TWO_PI = Math.PI * 2;
const MAX_POSITION_STEPS = 0xffff;

export function quantizeDeltaAngle(radians: number): number {
  const turns = radians / TWO_PI;
  return Math.round((turns - Math.floor(turns)) * DELTA_ANGLE_STEPS) % DELTA_ANGLE_STEPS;
}

export function dequantizeDeltaAngle(steps: number): number {
  const radians = (steps / DELTA_ANGLE_STEPS) * TWO_PI;
  return radians >= Math.PI ? radians - TWO_PI : radians;
}

function gridPosition(units: number): number {
  return Math.min(MAX_POSITION_STEPS, Math.max(0, quantizePosition(units)));
}

const byId = (a: QuantizedEntity, b: QuantizedEntity) => a.id - b.id;

export function quantizeWorld(world: WorldView): QuantizedWorld {
  return {
    tick: world.tick,
    players: world.players
      .map((p) => ({
        id: p.id,
        x: gridPosition(p.x),
        y: gridPosition(p.y),
        a: quantizeDeltaAngle(p.angle),
        hp: p.hp,
        score: p.score,
      }))
      .sort(byId),
    projectiles: world.projectiles
      .map((p) => ({
        id: p.id,
        x: gridPosition(p.x),
        y: gridPosition(p.y),
        a: quantizeDeltaAngle(p.angle),
        hp: 0,
        score: 0,
      }))
      .sort(byId),
  };
}
