import type Phaser from 'phaser';
import { PALETTE } from './arena-palette';

const HIT_RING_MS = 260;
const DEATH_BURST_MS = 600;
const DEATH_PARTICLES = 12;

/** Short-lived hit and death effects, made of shapes and tweens that clean up after themselves. */
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
