/** The arena's colours, in one place so the scene and effects agree. */
export const PALETTE = {
  background: 0x0f1217,
  floor: 0x1a1f27,
  grid: 0x232a35,
  border: 0x3d4a5e,
  wall: 0x4f5b72,
  wallEdge: 0x8190ab,
  self: 0x4fc3f7,
  other: 0xff8a65,
  outline: 0x0b0d11,
  hpBack: 0x2b1d1d,
  hpGood: 0x66d17a,
  hpLow: 0xff5252,
  hpFrame: 0xc9d1de,
  shield: 0x9be7ff,
  hitMarker: 0xffffff,
  killMarker: 0xff5252,
  projectile: 0xffe066,
  hit: 0xff5252,
} as const;

/** Grid spacing on the floor, world units: gives a sense of speed in an open area. */
export const GRID_SPACING_UNITS = 100;
