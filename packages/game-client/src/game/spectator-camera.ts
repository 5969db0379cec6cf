/** How fast the free camera pans with the movement keys, world units per second. */
export const FREE_CAMERA_SPEED_UNITS_PER_S = 700;

/** Who the camera follows: the first player present, nobody (free, moved with the keys), or one player. */
export type CameraTarget = 'auto' | 'free' | number;

interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Where a spectator (a replay viewer: no own player) looks. By default it follows the first
 * player drawn; a chosen player is followed while present; the movement keys turn it into a
 * free camera that pans from wherever it was, kept inside the arena. No Phaser: time is an argument.
 */
export class SpectatorCamera {
  private target: CameraTarget = 'auto';
  private at: Point | undefined;

  constructor(private readonly bounds: { readonly width: number; readonly height: number }) {}

  get cameraTarget(): CameraTarget {
    return this.target;
  }

  /** The player followed this frame, if any. */
  followedId(players: readonly { readonly id: number }[]): number | undefined {
    if (this.target === 'free') return undefined;
    if (this.target === 'auto')
      return players.reduce<number | undefined>((low, p) => Math.min(low ?? p.id, p.id), undefined);
    return players.some((player) => player.id === this.target) ? this.target : undefined;
  }

  follow(target: CameraTarget): void {
    this.target = target;
  }

  /** The view centre for this frame: the followed player, or the free camera moved by the keys. */
  update(
    players: readonly (Point & { readonly id: number })[],
    moveX: number,
    moveY: number,
    elapsedMs: number,
  ): Point {
    if (moveX !== 0 || moveY !== 0) this.target = 'free';
    const followed = this.followedId(players);
    const player = followed === undefined ? undefined : players.find((p) => p.id === followed);
    if (player !== undefined) {
      this.at = { x: player.x, y: player.y };
      return this.at;
    }
    const from = this.at ?? { x: this.bounds.width / 2, y: this.bounds.height / 2 };
    const step = (FREE_CAMERA_SPEED_UNITS_PER_S * Math.min(elapsedMs, 100)) / 1000;
    this.at = {
      x: Math.max(0, Math.min(this.bounds.width, from.x + moveX * step)),
      y: Math.max(0, Math.min(this.bounds.height, from.y + moveY * step)),
    };
    return this.at;
  }
}
