import type { ArenaGame } from '../scenes/arena-game';

/**
 * The Phaser game under the page: its own chunk (about 1.4 MB, 0.3 MB compressed), so the front
 * page does not wait for it, fetched and booted while the player is on the front page once the
 * page is idle (`preload`), so that Play waits only for the join; kept between rooms: leaving
 * stops the scene, the canvas stays.
 */
export class ArenaStage {
  private game: Promise<ArenaGame> | undefined;

  /** `isInRoom` is asked when a stop is due, after a load that may have outlived the room. */
  constructor(
    private readonly parent: HTMLElement,
    private readonly isInRoom: () => boolean,
  ) {}

  /**
   * Fetches and boots the game in the background when the page has nothing else to do, then
   * puts it to sleep until a room is entered (booting takes a WebGL context and the most script
   * time of anything the page does; after Play it would hold up the first frame).
   */
  preload(): void {
    if (this.game !== undefined) return;
    const whenIdle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
    whenIdle(() => {
      if (this.game !== undefined) return; // a room was entered meanwhile: load() started it
      void this.load().then((game) => {
        if (!this.isInRoom()) game.stop();
      });
    });
  }

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
