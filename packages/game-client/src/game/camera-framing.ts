import type { Position } from '@arena/protocol';

/** World units of floor the camera may show beyond the arena's border, so the border is seen. */
export const ARENA_EDGE_MARGIN_UNITS = 24;
/** Screen pixels kept between the followed player and a panel, beyond its radius. */
const PANEL_CLEARANCE_PX = 10;

/** Screen bands along each edge (CSS pixels) that panels cover: the followed player stays out of them. */
export interface ScreenInsets {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** No panels to keep clear of. */
export const NO_INSETS: ScreenInsets = Object.freeze({ top: 0, right: 0, bottom: 0, left: 0 });

/** What the camera sees: the canvas size in CSS pixels and the zoom (pixels per world unit). */
export interface CameraView {
  readonly width: number;
  readonly height: number;
  readonly zoom: number;
}

/**
 * Where to centre the camera (world units) to follow `target`: on it, but clamped to the arena
 * so no screen is half empty at an edge, and then moved (past the arena's edge if it must) so the
 * target is not drawn under a panel (`insets`). An arena smaller than the view is centred.
 */
export function frameCamera(
  target: Position,
  view: CameraView,
  arena: { readonly width: number; readonly height: number },
  insets: ScreenInsets = NO_INSETS,
  targetRadiusUnits = 0,
): Position {
  const clearancePx = targetRadiusUnits * view.zoom + PANEL_CLEARANCE_PX;
  return {
    x: frameAxis(target.x, view.width, view.zoom, arena.width, insets.left, insets.right, clearancePx),
    y: frameAxis(target.y, view.height, view.zoom, arena.height, insets.top, insets.bottom, clearancePx),
  };
}

function frameAxis(
  target: number,
  viewPx: number,
  zoom: number,
  arenaUnits: number,
  lowInsetPx: number,
  highInsetPx: number,
  clearancePx: number,
): number {
  const halfUnits = viewPx / (2 * zoom);
  const span = arenaUnits + 2 * ARENA_EDGE_MARGIN_UNITS;
  let centre =
    span <= 2 * halfUnits
      ? arenaUnits / 2
      : Math.min(
          Math.max(target, halfUnits - ARENA_EDGE_MARGIN_UNITS),
          arenaUnits - halfUnits + ARENA_EDGE_MARGIN_UNITS,
        );
  const low = lowInsetPx + clearancePx;
  const high = viewPx - highInsetPx - clearancePx;
  // Panels that leave no band to stand in (a tiny window) are not worth chasing.
  if (low >= high) return centre;
  const screen = (target - centre) * zoom + viewPx / 2;
  if (screen < low) centre = target - (low - viewPx / 2) / zoom;
  else if (screen > high) centre = target - (high - viewPx / 2) / zoom;
  return centre;
}

/** A panel's box on the screen, CSS pixels. */
export interface ScreenBox {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * The edge bands panels cover: each panel counts against the one edge where the band that holds
 * it is thinnest (a panel in a corner of a wide screen widens the side band, not the top one).
 */
export function insetsAround(
  boxes: readonly ScreenBox[],
  viewport: { readonly width: number; readonly height: number },
): ScreenInsets {
  const insets = { top: 0, right: 0, bottom: 0, left: 0 };
  for (const box of boxes) {
    if (box.right <= box.left || box.bottom <= box.top) continue;
    const bands: [keyof ScreenInsets, number][] = [
      ['left', box.right],
      ['right', viewport.width - box.left],
      ['top', box.bottom],
      ['bottom', viewport.height - box.top],
    ];
    let [side, size] = bands[0]!;
    for (const [candidate, candidateSize] of bands) {
      if (candidateSize < size) [side, size] = [candidate, candidateSize];
    }
    insets[side] = Math.max(insets[side], size);
  }
  return insets;
}
