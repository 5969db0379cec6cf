/** Maps world units onto a square minimap of `sizePx`, keeping the arena's aspect ratio. */
export interface MinimapProjection {
  /** Pixels per world unit. */
  readonly scale: number;
  /** Offsets that centre a non-square arena in the square. */
  readonly offsetX: number;
  readonly offsetY: number;
  toMap(x: number, y: number): { x: number; y: number };
}

/** The projection of `arena` onto a `sizePx` square. */
export function minimapProjection(
  arena: { readonly width: number; readonly height: number },
  sizePx: number,
): MinimapProjection {
  const scale = sizePx / Math.max(arena.width, arena.height, 1);
  const offsetX = (sizePx - arena.width * scale) / 2;
  const offsetY = (sizePx - arena.height * scale) / 2;
  // positions outside the arena (never sent, but cheap to guard) stay on the map's edge
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);
  return {
    scale,
    offsetX,
    offsetY,
    toMap: (x, y) => ({
      x: offsetX + clamp(x, arena.width) * scale,
      y: offsetY + clamp(y, arena.height) * scale,
    }),
  };
}
