import type Phaser from 'phaser';
import { PALETTE } from './arena-palette';

const HIT_RING_MS = 260;
const DEATH_BURST_MS = 600;
const DEATH_PARTICLES = 12;
const HIT_MARKER_MS = 220;
/** Hit marker arms, screen pixels: from the centre gap to the tip. */
const HIT_MARKER_GAP_PX = 7;
const HIT_MARKER_ARM_PX = 16;

/** Short-lived hit, hit-marker and death effects, made of shapes and tweens that clean up after themselves. */
export class ArenaEffects {
  constructor(private readonly scene: Phaser.Scene) {}

  /** A red ring that widens and fades where a player was hit. */
  hit(x: number, y: number, radius: number): void {
    const ring = this.scene.add.circle(x, y, radius + 2);
    ring.setStrokeStyle(3, PALETTE.hit, 1);
    ring.setDepth(5);
    this.scene.tweens.add({
      targets: ring,
      scale: 1.8,
      alpha: 0,
      duration: HIT_RING_MS,
      ease: 'Quad.easeOut',
      onComplete: () => ring.destroy(),
    });
  }

  /**
   * The shooter's confirmation that an own shot landed: an X over the victim, sized in screen
   * pixels; larger and red for the killing shot.
   */
  hitMarker(x: number, y: number, isKill: boolean, zoom: number): void {
    const marker = this.scene.add.graphics({ x, y }).setDepth(6);
    const scale = (isKill ? 1.4 : 1) / zoom;
    marker.lineStyle(isKill ? 4 : 3, isKill ? PALETTE.killMarker : PALETTE.hitMarker, 1);
    for (const [dx, dy] of [
      [1, 1],
      [1, -1],
      [-1, 1],
      [-1, -1],
    ] as const) {
      marker.lineBetween(
        dx * HIT_MARKER_GAP_PX * scale,
        dy * HIT_MARKER_GAP_PX * scale,
        dx * HIT_MARKER_ARM_PX * scale,
        dy * HIT_MARKER_ARM_PX * scale,
      );
    }
    this.scene.tweens.add({
      targets: marker,
      alpha: 0,
      scale: 1.25,
      duration: HIT_MARKER_MS,
      ease: 'Quad.easeIn',
      onComplete: () => marker.destroy(),
    });
  }

  /** A burst of fragments in the player's colour where a player died. */
  death(x: number, y: number, colour: number): void {
    for (let i = 0; i < DEATH_PARTICLES; i++) {
      const angle = (i / DEATH_PARTICLES) * Math.PI * 2 + Math.random() * 0.4;
      const distance = 40 + Math.random() * 40;
      const fragment = this.scene.add.circle(x, y, 3 + Math.random() * 3, colour, 1);
      fragment.setDepth(5);
      this.scene.tweens.add({
        targets: fragment,
        x: x + Math.cos(angle) * distance,
        y: y + Math.sin(angle) * distance,
        alpha: 0,
        scale: 0.3,
        duration: DEATH_BURST_MS,
        ease: 'Cubic.easeOut',
        onComplete: () => fragment.destroy(),
      });
    }
    const flash = this.scene.add.circle(x, y, 30, 0xffffff, 0.8);
    flash.setDepth(5);
    this.scene.tweens.add({
      targets: flash,
      scale: 2.2,
      alpha: 0,
      duration: DEATH_BURST_MS / 2,
      onComplete: () => flash.destroy(),
    });
  }
}
