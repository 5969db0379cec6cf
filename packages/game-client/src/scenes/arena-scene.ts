import {
  PLAYER_MAX_HP,
  PLAYER_RADIUS_UNITS,
  PROJECTILE_RADIUS_UNITS,
  type ProjectileView,
} from '@arena/protocol';
import Phaser from 'phaser';
import { frameCamera, NO_INSETS, type ScreenInsets } from '../game/camera-framing';
import type { DrawnPlayer, FrameState, PlayerIntent, RoomSession } from '../game/room-session';
import type { SpectatorCamera } from '../game/spectator-camera';
import type { KeyboardState } from '../input/keyboard-state';
import { moveAxesFromKeys } from '../input/move-axes';
import type { TouchIntent } from '../input/stick-axes';
import { ArenaEffects } from './arena-effects';
import { GRID_SPACING_UNITS, PALETTE } from './arena-palette';

/** The scene key used to start and stop the arena. */
export const ARENA_SCENE_KEY = 'arena';

/** World units that should fit across the shorter side of the window at zoom 1. */
const VIEW_SPAN_UNITS = 900;
const MIN_ZOOM = 0.45;
const MAX_ZOOM = 1.6;
const HP_BAR_WIDTH = 38;
const BARREL_LENGTH = PLAYER_RADIUS_UNITS + 12;

/** What the scene draws from: a room session, or a replay's (which swaps sessions as playback changes). */
export type SceneSession = Pick<RoomSession, 'map' | 'update'>;

export interface ArenaSceneData {
  readonly session: SceneSession;
  /** A spectator's camera (replays: there is no own player to follow). */
  readonly spectator?: SpectatorCamera;
  readonly keyboard: KeyboardState;
  /** True while keys belong to something else (chat input, an overlay): the player stands still. */
  readonly isInputBlocked: () => boolean;
  /** Called after each frame is drawn (HUD, net graph, test hook). */
  readonly onFrame: (frame: FrameState, nowMs: number) => void;
  /** Screen bands covered by panels: the camera keeps the own player out of them. @default none */
  readonly panelInsets?: () => ScreenInsets;
  /** Touch sticks (phones, tablets): joined with keyboard and mouse into one intent. */
  readonly touch?: { intent(): TouchIntent };
}

/**
 * The arena: draws what the RoomSession says each frame (walls, players with names and hp
 * bars, projectiles, effects), turns keyboard and mouse into the player's intent, and keeps the
 * camera on the own player (a spectator's camera in replays). It holds no game state of its own.
 */
export class ArenaScene extends Phaser.Scene {
  private arena!: ArenaSceneData;
  private dynamic!: Phaser.GameObjects.Graphics;
  private effects!: ArenaEffects;
  private readonly labels = new Map<number, Phaser.GameObjects.Text>();
  private readonly lastHp = new Map<number, number>();
  private viewCentre = { x: 0, y: 0 };
  /** Where the own player was drawn last frame: aim is from there (the camera is not always on it). */
  private aimOrigin: { x: number; y: number } | undefined;
  private lastAim = 0;
  private lastUpdateMs: number | undefined;

  constructor() {
    super({ key: ARENA_SCENE_KEY });
  }

  init(data: ArenaSceneData): void {
    this.arena = data;
    this.labels.clear();
    this.lastHp.clear();
    this.lastUpdateMs = undefined;
    this.aimOrigin = undefined;
  }

  create(): void {
    const { map } = this.arena.session;
    this.cameras.main.setBackgroundColor(PALETTE.background);
    this.drawStatic(map.width, map.height, map.walls);
    this.dynamic = this.add.graphics().setDepth(2);
    this.effects = new ArenaEffects(this);
    this.viewCentre = { x: map.width / 2, y: map.height / 2 };
    this.fitZoom();
    this.scale.on(Phaser.Scale.Events.RESIZE, this.fitZoom, this);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.scale.off(Phaser.Scale.Events.RESIZE, this.fitZoom, this);
    });
  }

  override update(): void {
    const nowMs = performance.now();
    const elapsedMs = nowMs - (this.lastUpdateMs ?? nowMs);
    this.lastUpdateMs = nowMs;
    const intent = this.readIntent();
    const frame = this.arena.session.update(nowMs, intent);
    this.aimOrigin = frame.self === undefined ? undefined : { x: frame.self.x, y: frame.self.y };
    if (frame.self !== undefined) this.viewCentre = this.follow(frame.self);
    else if (this.arena.spectator !== undefined) {
      const watched = this.arena.spectator.update(frame.players, intent.moveX, intent.moveY, elapsedMs);
      this.viewCentre = this.clamp(watched);
    }
    this.cameras.main.centerOn(this.viewCentre.x, this.viewCentre.y);
    this.draw(frame, nowMs);
    this.showCues(frame);
    this.arena.onFrame(frame, nowMs);
  }

  /** A spectator's view, clamped to the arena like a player's (a replay has no own player to keep clear). */
  private clamp(centre: { x: number; y: number }): { x: number; y: number } {
    const camera = this.cameras.main;
    return frameCamera(
      centre,
      { width: camera.width, height: camera.height, zoom: camera.zoom },
      this.arena.session.map,
    );
  }

  /** The camera on the own player, clamped to the arena and clear of the panels (camera-framing.ts). */
  private follow(self: DrawnPlayer): { x: number; y: number } {
    const camera = this.cameras.main;
    return frameCamera(
      self,
      { width: camera.width, height: camera.height, zoom: camera.zoom },
      this.arena.session.map,
      this.arena.panelInsets?.() ?? NO_INSETS,
      PLAYER_RADIUS_UNITS,
    );
  }

  /** Hit markers where the own shots landed (sounds are the page's: see ui/sound-effects.ts). */
  private showCues(frame: FrameState): void {
    for (const cue of frame.cues) {
      if (cue.kind !== 'hit' && cue.kind !== 'kill') continue;
      const victim = frame.players.find((player) => player.id === cue.victimId);
      if (victim !== undefined)
        this.effects.hitMarker(victim.x, victim.y, cue.kind === 'kill', this.cameras.main.zoom);
    }
  }

  /** Where a world point is on the page, in CSS pixels from the canvas' top-left corner. */
  worldToScreen(x: number, y: number): { x: number; y: number } {
    const camera = this.cameras.main;
    return {
      x: (x - this.viewCentre.x) * camera.zoom + camera.width / 2,
      y: (y - this.viewCentre.y) * camera.zoom + camera.height / 2,
    };
  }

  private readIntent(): PlayerIntent {
    const blocked = this.arena.isInputBlocked();
    const { moveX, moveY } = blocked
      ? { moveX: 0, moveY: 0 }
      : moveAxesFromKeys(this.arena.keyboard.pressedCodes);
    const pointer = this.input.activePointer;
    const camera = this.cameras.main;
    // The world point under the pointer and the own player, both as drawn last frame, so aim
    // follows the player even while the mouse rests. The camera is clamped to the arena, so
    // near an edge the player is not at the screen's centre: aim is from the player.
    const aimX = this.viewCentre.x + (pointer.x - camera.width / 2) / camera.zoom;
    const aimY = this.viewCentre.y + (pointer.y - camera.height / 2) / camera.zoom;
    const origin = this.aimOrigin ?? this.viewCentre;
    // Until the mouse has moved over the canvas its position means nothing: keep the last aim.
    const hasPointer = pointer.moveTime > 0 || pointer.downTime > 0;
    if (hasPointer && (aimX !== origin.x || aimY !== origin.y)) {
      this.lastAim = Math.atan2(aimY - origin.y, aimX - origin.x);
    }
    // Phaser also counts presses outside the canvas (the HUD's buttons): only one on the arena fires.
    const isPressedOnArena = pointer.leftButtonDown() && pointer.downElement === this.game.canvas;
    const fire = !blocked && (isPressedOnArena || this.arena.keyboard.isDown('Space'));
    const touch = this.arena.touch?.intent();
    if (touch === undefined || blocked) return { moveX, moveY, aim: this.lastAim, fire };
    if (touch.aim !== undefined) this.lastAim = touch.aim;
    const isStickMoving = touch.moveX !== 0 || touch.moveY !== 0;
    return {
      moveX: isStickMoving ? touch.moveX : moveX,
      moveY: isStickMoving ? touch.moveY : moveY,
      aim: this.lastAim,
      fire: fire || touch.fire,
    };
  }

  private fitZoom(): void {
    const camera = this.cameras.main;
    const shorter = Math.min(this.scale.width, this.scale.height);
    camera.setZoom(Phaser.Math.Clamp(shorter / VIEW_SPAN_UNITS, MIN_ZOOM, MAX_ZOOM));
  }

  private drawStatic(
    width: number,
    height: number,
    walls: readonly { x: number; y: number; width: number; height: number }[],
  ): void {
    const floor = this.add.graphics().setDepth(0);
    floor.fillStyle(PALETTE.floor, 1);
    floor.fillRect(0, 0, width, height);
    floor.lineStyle(1, PALETTE.grid, 1);
    for (let x = GRID_SPACING_UNITS; x < width; x += GRID_SPACING_UNITS) floor.lineBetween(x, 0, x, height);
    for (let y = GRID_SPACING_UNITS; y < height; y += GRID_SPACING_UNITS) floor.lineBetween(0, y, width, y);
    floor.lineStyle(4, PALETTE.border, 1);
    floor.strokeRect(0, 0, width, height);
    const wallLayer = this.add.graphics().setDepth(1);
    for (const wall of walls) {
      wallLayer.fillStyle(PALETTE.wall, 1);
      wallLayer.fillRect(wall.x, wall.y, wall.width, wall.height);
      wallLayer.lineStyle(2, PALETTE.wallEdge, 1);
      wallLayer.strokeRect(wall.x, wall.y, wall.width, wall.height);
    }
  }

  private draw(frame: FrameState, nowMs: number): void {
    const g = this.dynamic;
    g.clear();
    for (const projectile of frame.projectiles) this.drawProjectile(g, projectile);
    const seen = new Set<number>();
    for (const player of frame.players) {
      seen.add(player.id);
      this.drawPlayer(g, player);
      if (player.shield > 0 && player.hp > 0) this.drawShield(g, player, nowMs);
      this.trackHp(player);
    }
    if (frame.isMuzzleFlash && frame.self !== undefined && frame.self.hp > 0)
      this.drawMuzzleFlash(g, frame.self);
    for (const [id, label] of this.labels) {
      if (seen.has(id)) continue;
      label.destroy();
      this.labels.delete(id);
      this.lastHp.delete(id);
    }
  }

  private drawProjectile(g: Phaser.GameObjects.Graphics, projectile: ProjectileView): void {
    const tail = 14;
    g.lineStyle(3, PALETTE.projectile, 0.35);
    g.lineBetween(
      projectile.x - Math.cos(projectile.angle) * tail,
      projectile.y - Math.sin(projectile.angle) * tail,
      projectile.x,
      projectile.y,
    );
    g.fillStyle(PALETTE.projectile, 1);
    g.fillCircle(projectile.x, projectile.y, PROJECTILE_RADIUS_UNITS + 1);
  }

  private drawPlayer(g: Phaser.GameObjects.Graphics, player: DrawnPlayer): void {
    const colour = player.isSelf ? PALETTE.self : PALETTE.other;
    const label = this.labelFor(player);
    const barX = player.x - HP_BAR_WIDTH / 2;
    const barY = player.y - PLAYER_RADIUS_UNITS - 10;
    if (player.hp === 0) {
      // Dead: a faint ghost where the player fell, with its empty bar, until the respawn.
      g.lineStyle(2, colour, 0.35);
      g.strokeCircle(player.x, player.y, PLAYER_RADIUS_UNITS);
      this.drawHpBar(g, barX, barY, 0);
      label.setAlpha(0.4);
      label.setPosition(player.x, barY - 3);
      return;
    }
    g.lineStyle(6, colour, 1);
    g.lineBetween(
      player.x,
      player.y,
      player.x + Math.cos(player.angle) * BARREL_LENGTH,
      player.y + Math.sin(player.angle) * BARREL_LENGTH,
    );
    g.fillStyle(colour, 1);
    g.fillCircle(player.x, player.y, PLAYER_RADIUS_UNITS);
    g.lineStyle(2, PALETTE.outline, 1);
    g.strokeCircle(player.x, player.y, PLAYER_RADIUS_UNITS);

    this.drawHpBar(g, barX, barY, player.hp);
    label.setAlpha(1);
    label.setPosition(player.x, barY - 3);
  }

  /** The bar keeps its frame at 0 hp, so "empty" reads as empty and not as missing. */
  private drawHpBar(g: Phaser.GameObjects.Graphics, x: number, y: number, hp: number): void {
    const share = hp / PLAYER_MAX_HP;
    g.fillStyle(PALETTE.hpBack, 0.9);
    g.fillRect(x, y, HP_BAR_WIDTH, 5);
    if (share > 0) {
      g.fillStyle(share > 0.3 ? PALETTE.hpGood : PALETTE.hpLow, 1);
      g.fillRect(x, y, HP_BAR_WIDTH * share, 5);
    }
    g.lineStyle(1, PALETTE.hpFrame, 0.9);
    g.strokeRect(x - 0.5, y - 0.5, HP_BAR_WIDTH + 1, 6);
  }

  /** Spawn protection: a pulsing ring that thins out as the protection runs down. */
  private drawShield(g: Phaser.GameObjects.Graphics, player: DrawnPlayer, nowMs: number): void {
    const pulse = 0.5 + 0.5 * Math.sin(nowMs / 90);
    g.lineStyle(2 + 2 * player.shield, PALETTE.shield, 0.35 + 0.45 * pulse);
    g.strokeCircle(player.x, player.y, PLAYER_RADIUS_UNITS + 7 + 2 * pulse);
    g.fillStyle(PALETTE.shield, 0.12 + 0.1 * player.shield);
    g.fillCircle(player.x, player.y, PLAYER_RADIUS_UNITS + 7);
  }

  private drawMuzzleFlash(g: Phaser.GameObjects.Graphics, self: DrawnPlayer): void {
    const tipX = self.x + Math.cos(self.angle) * (BARREL_LENGTH + 4);
    const tipY = self.y + Math.sin(self.angle) * (BARREL_LENGTH + 4);
    g.fillStyle(PALETTE.projectile, 0.9);
    g.fillCircle(tipX, tipY, 7);
    g.fillStyle(0xffffff, 0.9);
    g.fillCircle(tipX, tipY, 3);
  }

  private labelFor(player: DrawnPlayer): Phaser.GameObjects.Text {
    let label = this.labels.get(player.id);
    if (label === undefined) {
      label = this.add
        .text(0, 0, player.name, {
          fontFamily: 'system-ui, sans-serif',
          fontSize: '13px',
          color: player.isSelf ? '#bfeaff' : '#ffe0d6',
          stroke: '#000000',
          strokeThickness: 3,
        })
        .setOrigin(0.5, 1)
        .setDepth(3);
      this.labels.set(player.id, label);
    }
    if (label.text !== player.name) label.setText(player.name);
    // Names stay readable at any zoom: they are sized in screen pixels, not world units.
    label.setScale(1 / this.cameras.main.zoom);
    return label;
  }

  /** Hit and death effects come from hp changes as drawn, so they line up with the projectiles. */
  private trackHp(player: DrawnPlayer): void {
    const before = this.lastHp.get(player.id);
    this.lastHp.set(player.id, player.hp);
    if (before === undefined || player.hp >= before) return;
    if (player.hp === 0) {
      this.effects.death(player.x, player.y, player.isSelf ? PALETTE.self : PALETTE.other);
      if (player.isSelf) this.cameras.main.shake(250, 0.01);
    } else {
      this.effects.hit(player.x, player.y, PLAYER_RADIUS_UNITS);
      if (player.isSelf) this.cameras.main.flash(120, 120, 0, 0);
    }
  }
}
