import type { ArenaGame } from '../scenes/arena-game';

/**
 * The Phaser game under the page, loaded on the first entry to a room (its own chunk, about
 * 1.4 MB, so the front page does not wait for it) and kept between rooms: leaving stops the
 * scene, the canvas stays.
 */
export class ArenaStage {
  private game: Promise<ArenaGame> | undefined;

  /** `isInRoom` is asked when a stop is due, after a load that may have outlived the room. */
  constructor(
    private readonly parent: HTMLElement,
    private readonly isInRoom: () => boolean,
  ) {}

  load(): Promise<ArenaGame> {
    this.game ??= import('../scenes/arena-game').then(({ ArenaGame }) => ArenaGame.create(this.parent));
    return this.game;
  }

  /** Stops the scene once loaded, unless a room was entered again meanwhile. */
  stop(): void {
    void this.game?.then((game) => {
      if (!this.isInRoom()) game.stop();
    });
  }

  async worldToScreen(x: number, y: number): Promise<{ x: number; y: number } | undefined> {
    return this.game === undefined ? undefined : (await this.game).worldToScreen(x, y);
  }
}
