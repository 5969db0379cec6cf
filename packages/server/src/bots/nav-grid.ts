import { type ArenaMap, circleOverlapsRect, PLAYER_RADIUS_UNITS, type Position } from '@arena/protocol';
import { hasLineOfSight } from '../sim/line-of-sight';

/**
 * Side of a navigation cell, units. Walls keep 90 units between each other and the border
 * (sim/arena-layout.ts), so every gap holds the centre of a free 40-unit cell.
 */
export const NAV_CELL_UNITS = 40;
/** A cell is free when a player standing on its centre keeps this much space from every wall. */
const CLEARANCE_UNITS = PLAYER_RADIUS_UNITS + 4;
/** How far (in cells) a blocked start or goal looks for the nearest free cell. */
const NEAREST_FREE_RING = 3;

const NEIGHBOURS: readonly (readonly [number, number])[] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [1, 1],
  [1, -1],
  [-1, 1],
  [-1, -1],
];

/**
 * A coarse grid over one map for finding a way around walls: built once per room (the map never
 * changes), searched breadth-first in preallocated arrays, a few times a second per bot.
 */
export class NavGrid {
  readonly columns: number;
  readonly rows: number;
  private readonly free: Uint8Array;
  // search buffers, reused by every search (one room's bots plan one after the other)
  private readonly cameFrom: Int32Array;
  private readonly queue: Int32Array;

  constructor(private readonly map: ArenaMap) {
    this.columns = Math.max(1, Math.floor(map.width / NAV_CELL_UNITS));
    this.rows = Math.max(1, Math.floor(map.height / NAV_CELL_UNITS));
    const cells = this.columns * this.rows;
    this.free = new Uint8Array(cells);
    this.cameFrom = new Int32Array(cells);
    this.queue = new Int32Array(cells);
    for (let cell = 0; cell < cells; cell++) {
      const { x, y } = this.centreOf(cell);
      this.free[cell] = map.walls.some((wall) => circleOverlapsRect(x, y, CLEARANCE_UNITS, wall)) ? 0 : 1;
    }
  }

  /** Whether a player could stand on the centre of the cell that holds this point. */
  isFree(x: number, y: number): boolean {
    return this.free[this.cellAt(x, y)] === 1;
  }

  /**
   * Waypoints from `from` to `to` around the walls, the first one a straight walk away from
   * `from` and the last one `to` (or the centre of the free cell nearest it); an empty list
   * when `to` cannot be reached. Straight runs are shortened to their ends (string pulling).
   */
  findPath(from: Position, to: Position): Position[] {
    if (hasLineOfSight(from.x, from.y, to.x, to.y, this.map.walls, PLAYER_RADIUS_UNITS)) return [to];
    const start = this.nearestFreeCell(this.cellAt(from.x, from.y));
    const goal = this.nearestFreeCell(this.cellAt(to.x, to.y));
    if (start === undefined || goal === undefined) return [];
    const cells = this.search(start, goal);
    if (cells === undefined) return [];
    const points = cells.map((cell) => this.centreOf(cell));
    if (goal === this.cellAt(to.x, to.y)) points[points.length - 1] = to;
    return this.pull(from, points);
  }

  /** Breadth-first from start to goal over free cells (no corner cutting); the cells after start. */
  private search(start: number, goal: number): number[] | undefined {
    const { cameFrom, queue, columns, rows } = this;
    cameFrom.fill(-1);
    cameFrom[start] = start;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    while (head < tail) {
      const cell = queue[head++]!;
      if (cell === goal) break;
      const cx = cell % columns;
      const cy = (cell - cx) / columns;
      for (const [dx, dy] of NEIGHBOURS) {
        const nx = cx + dx;
        const ny = cy + dy;
        if (nx < 0 || ny < 0 || nx >= columns || ny >= rows) continue;
        const next = ny * columns + nx;
        if (cameFrom[next] !== -1 || this.free[next] === 0) continue;
        // a diagonal step needs both cells it passes between free, or it clips a wall's corner
        if (
          dx !== 0 &&
          dy !== 0 &&
          (this.free[cy * columns + nx] === 0 || this.free[ny * columns + cx] === 0)
        )
          continue;
        cameFrom[next] = cell;
        queue[tail++] = next;
      }
    }
    if (cameFrom[goal] === -1) return undefined;
    const cells: number[] = [];
    for (let cell = goal; cell !== start; cell = cameFrom[cell]!) cells.push(cell);
    return cells.reverse();
  }

  /** Drops the waypoints that a straight walk from the one before can skip. */
  private pull(from: Position, points: readonly Position[]): Position[] {
    const pulled: Position[] = [];
    let anchor = from;
    let index = 0;
    while (index < points.length) {
      // forward, stopping at the first point out of sight: one sight test per waypoint
      let farthest = index;
      for (let j = index + 1; j < points.length; j++) {
        const p = points[j]!;
        if (!hasLineOfSight(anchor.x, anchor.y, p.x, p.y, this.map.walls, PLAYER_RADIUS_UNITS)) break;
        farthest = j;
      }
      anchor = points[farthest]!;
      pulled.push(anchor);
      index = farthest + 1;
    }
    return pulled;
  }

  private nearestFreeCell(cell: number): number | undefined {
    if (this.free[cell] === 1) return cell;
    const cx = cell % this.columns;
    const cy = (cell - cx) / this.columns;
    for (let ring = 1; ring <= NEAREST_FREE_RING; ring++) {
      for (let dy = -ring; dy <= ring; dy++) {
        for (let dx = -ring; dx <= ring; dx++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
          const nx = cx + dx;
          const ny = cy + dy;
          if (nx < 0 || ny < 0 || nx >= this.columns || ny >= this.rows) continue;
          if (this.free[ny * this.columns + nx] === 1) return ny * this.columns + nx;
        }
      }
    }
    return undefined;
  }

  private cellAt(x: number, y: number): number {
    const cx = Math.min(this.columns - 1, Math.max(0, Math.floor(x / NAV_CELL_UNITS)));
    const cy = Math.min(this.rows - 1, Math.max(0, Math.floor(y / NAV_CELL_UNITS)));
    return cy * this.columns + cx;
  }

  private centreOf(cell: number): Position {
    const cx = cell % this.columns;
    const cy = (cell - cx) / this.columns;
    return { x: (cx + 0.5) * NAV_CELL_UNITS, y: (cy + 0.5) * NAV_CELL_UNITS };
  }
}
