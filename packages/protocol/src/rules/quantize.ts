/**
 * Quantisation: how continuous values become the small integers sent on the wire.
 * Both sides use these so that client prediction runs on exactly what the server applies.
 */

/** Positions are sent in 1/16 unit steps: invisible at any zoom, and 4096 units fit in a uint16. */
export const POSITION_STEPS_PER_UNIT = 16;
/** Aim angles use 2^16 steps per turn (0.0055 degrees). */
export const ANGLE_STEPS_PER_TURN = 65536;
/** Movement axes are int8-like: -127..127 maps to -1..1. */
export const MOVE_AXIS_STEPS = 127;

const TWO_PI = Math.PI * 2;

export function quantizePosition(units: number): number {
  return Math.round(units * POSITION_STEPS_PER_UNIT);
}

export function dequantizePosition(steps: number): number {
  return steps / POSITION_STEPS_PER_UNIT;
}

/** Maps any finite angle in radians to 0..65535 (wrapping). */
export function quantizeAngle(radians: number): number {
  const turns = radians / TWO_PI;
  const fraction = turns - Math.floor(turns);
  return Math.round(fraction * ANGLE_STEPS_PER_TURN) % ANGLE_STEPS_PER_TURN;
}

/** Maps 0..65535 back to radians in [-π, π). */
export function dequantizeAngle(steps: number): number {
  const radians = (steps / ANGLE_STEPS_PER_TURN) * TWO_PI;
  return radians >= Math.PI ? radians - TWO_PI : radians;
}

/** Clamps to -1..1 and maps to -127..127. */
export function quantizeMoveAxis(value: number): number {
  const clamped = Math.max(-1, Math.min(1, value));
  return Math.round(clamped * MOVE_AXIS_STEPS);
}

export function dequantizeMoveAxis(steps: number): number {
  return steps / MOVE_AXIS_STEPS;
}
