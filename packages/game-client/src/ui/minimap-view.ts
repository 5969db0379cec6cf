import type { ArenaMap } from '@arena/protocol';
import type { DrawnPlayer } from '../game/room-session';
import { h } from './dom';
import { minimapProjection } from './minimap-projection';

/** The canvas' drawing size, CSS pixels; CSS may show it smaller (phones). */
const MINIMAP_SIZE_PX = 150;
/** Redrawn at most this often, ms: a dot moving 200 units/s moves 1.5 px in that time. */
const REDRAW_INTERVAL_MS = 100;
const COLOURS = {
  floor: 'rgba(26, 31, 39, 0.85)',
  border: '#3d4a5e',
  wall: '#6a7891',
  self: '#4fc3f7',
  other: '#ff8a65',
} as const;

/** A small map of the whole arena in a corner: walls, the own player, the others. */
export class MinimapView {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private map: ArenaMap | undefined;
  private lastDrawMs = Number.NEGATIVE_INFINITY;

  constructor() {
    this.canvas = h('canvas', { className: 'minimap-canvas', attrs: { 'aria-hidden': 'true' } });
    const ratio = Math.max(1, Math.round(globalThis.devicePixelRatio ?? 1));
    this.canvas.width = MINIMAP_SIZE_PX * ratio;
    this.canvas.height = MINIMAP_SIZE_PX * ratio;
    this.canvas.getContext('2d')?.scale(ratio, ratio);
    this.element = h(
      'div',
      { className: 'minimap', attrs: { 'data-testid': 'minimap', role: 'img', 'aria-label': 'Minimap' } },
      this.canvas,
    );
  }

  /** A new room: its walls are drawn from now on. */
  setMap(map: ArenaMap): void {
    this.map = map;
    this.lastDrawMs = Number.NEGATIVE_INFINITY;
  }

  update(players: readonly DrawnPlayer[], nowMs: number): void {
    const map = this.map;
    if (map === undefined || nowMs - this.lastDrawMs < REDRAW_INTERVAL_MS) return;
    this.lastDrawMs = nowMs;
    const context = this.canvas.getContext('2d');
    if (context === null) return;
    const projection = minimapProjection(map, MINIMAP_SIZE_PX);
    const { scale } = projection;
    context.clearRect(0, 0, MINIMAP_SIZE_PX, MINIMAP_SIZE_PX);
    const origin = projection.toMap(0, 0);
    context.fillStyle = COLOURS.floor;
    context.fillRect(origin.x, origin.y, map.width * scale, map.height * scale);
    context.strokeStyle = COLOURS.border;
    context.strokeRect(origin.x + 0.5, origin.y + 0.5, map.width * scale - 1, map.height * scale - 1);
    context.fillStyle = COLOURS.wall;
    for (const wall of map.walls) {
      const at = projection.toMap(wall.x, wall.y);
      context.fillRect(at.x, at.y, Math.max(1, wall.width * scale), Math.max(1, wall.height * scale));
    }
    // the own player last, on top of anyone standing close
    const ordered = [...players].sort((a, b) => Number(a.isSelf) - Number(b.isSelf));
    for (const player of ordered) {
      if (player.hp <= 0) continue;
      const at = projection.toMap(player.x, player.y);
      context.fillStyle = player.isSelf ? COLOURS.self : COLOURS.other;
      context.beginPath();
      context.arc(at.x, at.y, player.isSelf ? 4 : 3, 0, Math.PI * 2);
      context.fill();
      if (player.isSelf) {
        context.strokeStyle = '#ffffff';
        context.lineWidth = 1;
        context.stroke();
      }
    }
  }
}
