import type { PlayerView, ProjectileView } from '@arena/protocol';
import type { ArenaCue } from './arena-cues';

/** What the player wants this frame, from keyboard and mouse. */
export interface PlayerIntent {
  /** -1..1, right positive. */
  readonly moveX: number;
  /** -1..1, down positive. */
  readonly moveY: number;
  /** Radians; 0 = +x, growing towards +y. */
  readonly aim: number;
  readonly fire: boolean;
}

/** A player as drawn this frame. */
export interface DrawnPlayer extends PlayerView {
  readonly name: string;
  readonly isSelf: boolean;
  /** Share of the spawn protection left: 1 just after a spawn, 0 when unprotected (SpawnShields). */
  readonly shield: number;
}

/** Everything the arena scene draws in one frame. */
export interface FrameState {
  readonly players: readonly DrawnPlayer[];
  readonly projectiles: readonly ProjectileView[];
  /** The own player (predicted position, local aim), once the first snapshot has arrived. */
  readonly self: DrawnPlayer | undefined;
  /** Time left before the own player respawns, ms; undefined while alive. */
  readonly respawnInMs: number | undefined;
  /**
   * True just after the own player pulled the trigger with the cooldown over: drawn at once as a
   * muzzle flash, while the projectile itself shows up a round trip later from the snapshots.
   */
  readonly isMuzzleFlash: boolean;
  /** The (fractional) tick other entities are drawn at. */
  readonly renderTick: number;
  readonly extrapolationMs: number;
  readonly bufferDepth: number;
  /** The own player's shots, hits, kills, hurts, deaths and respawns since the last frame. */
  readonly cues: readonly ArenaCue[];
}
