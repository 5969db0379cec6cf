/** Share of a stick's radius around its centre that reads as "not pushed": a resting thumb wobbles. */
export const STICK_DEAD_ZONE = 0.18;

/** A virtual stick's reading: x and y in -1..1 (y down), inside the unit circle; 0, 0 in the dead zone. */
export interface StickAxes {
  readonly x: number;
  readonly y: number;
  /** 0..1: how far the stick is pushed, 0 inside the dead zone. */
  readonly magnitude: number;
}

export const STICK_AT_REST: StickAxes = Object.freeze({ x: 0, y: 0, magnitude: 0 });

/**
 * Reads a thumb `dx, dy` pixels from a stick's centre, for a stick of `radiusPx`: pushing past
 * the rim counts as fully pushed in that direction, and the dead zone is cut out (the reading
 * grows from 0 at its edge), so small pushes walk slowly rather than jump.
 */
export function stickAxes(dx: number, dy: number, radiusPx: number): StickAxes {
  const distance = Math.hypot(dx, dy);
  if (radiusPx <= 0 || distance <= STICK_DEAD_ZONE * radiusPx) return STICK_AT_REST;
  const magnitude = Math.min(1, (distance / radiusPx - STICK_DEAD_ZONE) / (1 - STICK_DEAD_ZONE));
  return { x: (dx / distance) * magnitude, y: (dy / distance) * magnitude, magnitude };
}

/** What the sticks ask for this frame; undefined fields leave keyboard and mouse in charge. */
export interface TouchIntent {
  readonly moveX: number;
  readonly moveY: number;
  /** Radians, when the aim stick is pushed. */
  readonly aim: number | undefined;
  readonly fire: boolean;
}
