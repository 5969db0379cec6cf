import {
  ARENA_HEIGHT_UNITS,
  ARENA_WIDTH_UNITS,
  type ArenaMap,
  circleOverlapsRect,
  PLAYER_RADIUS_UNITS,
  type Position,
  type Rect,
  snapToGrid,
} from '@arena/protocol';
import type { Rng } from './rng';

export interface ArenaLayout {
  readonly map: ArenaMap;
  readonly spawnPoints: readonly Position[];
}

const WALL_COUNT = 14;
const WALL_THICKNESS_UNITS = 40;
const WALL_LENGTH_RANGE_UNITS = [120, 360] as const;
/** Walls keep this much space between each other and the border, so every area stays reachable. */
const WALL_CLEARANCE_UNITS = 90;
const SPAWN_GRID = 6;
/** Cap on placement attempts so a crowded seed still finishes. */
const MAX_PLACEMENT_TRIES = 400;

/** The arena-mode map for a seed: thin walls placed at random, and spawn points clear of them. */
export function generateArenaLayout(rng: Rng): ArenaLayout {
  const width = ARENA_WIDTH_UNITS;
  const height = ARENA_HEIGHT_UNITS;
  const walls: Rect[] = [];
  for (let tries = 0; walls.length < WALL_COUNT && tries < MAX_PLACEMENT_TRIES; tries++) {
    const length = rng.int(WALL_LENGTH_RANGE_UNITS[0], WALL_LENGTH_RANGE_UNITS[1]);
    const isHorizontal = rng.int(0, 1) === 1;
    const w = isHorizontal ? length : WALL_THICKNESS_UNITS;
    const h = isHorizontal ? WALL_THICKNESS_UNITS : length;
    const candidate = {
      x: rng.int(WALL_CLEARANCE_UNITS, width - WALL_CLEARANCE_UNITS - w),
      y: rng.int(WALL_CLEARANCE_UNITS, height - WALL_CLEARANCE_UNITS - h),
      width: w,
      height: h,
    };
    if (walls.every((wall) => !rectsOverlap(inflate(wall, WALL_CLEARANCE_UNITS), candidate)))
      walls.push(candidate);
  }
  const spawnPoints: Position[] = [];
  for (let i = 0; i < SPAWN_GRID; i++) {
    for (let j = 0; j < SPAWN_GRID; j++) {
      // on the 1/16-unit grid, like every position (see snapToGrid)
      const point = {
        x: snapToGrid((width * (i + 0.5)) / SPAWN_GRID),
        y: snapToGrid((height * (j + 0.5)) / SPAWN_GRID),
      };
      const clearance = PLAYER_RADIUS_UNITS * 2;
      if (walls.every((wall) => !circleOverlapsRect(point.x, point.y, clearance, wall)))
        spawnPoints.push(point);
    }
  }
  return { map: { width, height, walls }, spawnPoints };
}

/** The bench-mode map of ../shared/bench/SCENARIO.md: 2000 x 2000, no walls. */
export function benchLayout(): ArenaLayout {
  return { map: { width: ARENA_WIDTH_UNITS, height: ARENA_HEIGHT_UNITS, walls: [] }, spawnPoints: [] };
}

function inflate(rect: Rect, by: number): Rect {
  return { x: rect.x - by, y: rect.y - by, width: rect.width + 2 * by, height: rect.height + 2 * by };
}

function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
