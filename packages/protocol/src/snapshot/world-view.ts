/** What a snapshot describes, in world units and radians (dequantised on the client). */
export interface PlayerView {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly angle: number;
  /** 0..100; 0 means dead and waiting to respawn. */
  readonly hp: number;
  readonly score: number;
}

export interface ProjectileView {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly angle: number;
}

export interface WorldView {
  readonly tick: number;
  readonly players: readonly PlayerView[];
  readonly projectiles: readonly ProjectileView[];
}
