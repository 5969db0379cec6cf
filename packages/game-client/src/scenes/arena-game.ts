import Phaser from 'phaser';
import { PALETTE } from './arena-palette';
import { ARENA_SCENE_KEY, ArenaScene, type ArenaSceneData } from './arena-scene';

/**
 * The Phaser game behind the arena, created once (WebGL contexts are scarce; a new game per
 * room would leak them) and put to sleep between rooms. Its canvas fills `parent` at any size.
 */
export class ArenaGame {
  private constructor(
    private readonly game: Phaser.Game,
    private readonly parent: HTMLElement,
  ) {}

  /** Boots Phaser into `parent`; resolves once it is ready to start a scene. */
  static create(parent: HTMLElement): Promise<ArenaGame> {
    return new Promise((resolve) => {
      const game = new Phaser.Game({
        type: Phaser.AUTO,
        parent,
        backgroundColor: PALETTE.background,
        banner: false,
        scale: { mode: Phaser.Scale.RESIZE, width: '100%', height: '100%' },
        input: { mouse: { preventDefaultWheel: false } },
        disableContextMenu: true,
        scene: [],
        callbacks: { postBoot: () => resolve(new ArenaGame(game, parent)) },
      });
      game.scene.add(ARENA_SCENE_KEY, ArenaScene, false);
    });
  }

  start(data: ArenaSceneData): void {
    this.parent.classList.remove('offstage');
    this.game.loop.wake();
    // The window may have been resized while the game slept.
    this.game.scale.refresh();
    this.game.scene.start(ARENA_SCENE_KEY, data);
  }

  stop(): void {
    this.game.scene.stop(ARENA_SCENE_KEY);
    this.game.loop.sleep();
    this.parent.classList.add('offstage');
  }

  /** Page position (CSS pixels, relative to the canvas) of a world point, for the test hook. */
  worldToScreen(x: number, y: number): { x: number; y: number } | undefined {
    const scene = this.game.scene.getScene(ARENA_SCENE_KEY);
    if (!(scene instanceof ArenaScene) || !scene.sys.isActive()) return undefined;
    return scene.worldToScreen(x, y);
  }
}
