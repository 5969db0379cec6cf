import type { FrameState } from '../game/room-session';
import type { KeyboardState } from '../input/keyboard-state';
import type { ArenaSceneData } from '../scenes/arena-scene';
import { PanelInsets } from '../ui/panel-insets';
import { SoundEffects } from '../ui/sound-effects';
import { TouchSticks } from '../ui/touch-sticks';
import type { NameStorage } from './player-name';

/**
 * The arena's feel, as one piece the app wires in: sound effects and their mute toggle (a HUD
 * button and the M key, remembered), touch sticks on touch screens, and the screen bands the
 * HUD's panels cover, which the camera keeps the own player out of (docs/game.md, "In the arena").
 */
export class ArenaFeel {
  readonly sounds: SoundEffects;
  /** Virtual sticks, on touch devices only. */
  readonly touch: TouchSticks | undefined;
  private panelInsets: PanelInsets | undefined;
  private hits = 0;

  constructor(storage: NameStorage | undefined, keyboard: KeyboardState) {
    this.sounds = new SoundEffects(storage);
    this.touch = TouchSticks.isTouchDevice() ? new TouchSticks() : undefined;
    // styles.css moves the HUD's columns above the sticks
    document.body.classList.toggle('touch', this.touch !== undefined);
    keyboard.onPress('KeyM', () => this.sounds.toggleMute());
  }

  /** For the HUD's button row, beside Leave. */
  get hudButtons(): readonly HTMLElement[] {
    return [this.sounds.muteButton];
  }

  /** Shown with the HUD, over the arena. */
  get hudOverlays(): readonly HTMLElement[] {
    return this.touch === undefined ? [] : [this.touch.element];
  }

  /** The panels the own player must not be drawn under (the HUD's, the net graph, the toasts, the touch sticks). */
  watchPanels(panels: () => readonly Element[]): void {
    // the touch sticks cover the lower corners as the panels cover the edges
    const sticks = () => (this.touch === undefined ? [] : [...this.touch.element.children]);
    this.panelInsets = new PanelInsets(() => [...panels(), ...sticks()]);
  }

  /** What the arena scene takes from here: the panel bands and the touch sticks. */
  sceneData(): Pick<ArenaSceneData, 'panelInsets' | 'touch'> {
    const insets = this.panelInsets;
    return {
      ...(insets === undefined ? {} : { panelInsets: () => insets.current() }),
      ...(this.touch === undefined ? {} : { touch: this.touch }),
    };
  }

  /** Each frame drawn: the sounds of its cues. */
  onFrame(frame: FrameState): void {
    this.sounds.playCues(frame.cues);
    for (const cue of frame.cues) if (cue.kind === 'hit' || cue.kind === 'kill') this.hits++;
  }

  /** Own shots that landed (hit markers shown) since the page loaded: for the test hook. */
  get hitsLanded(): number {
    return this.hits;
  }

  /** The room is left: no thumb holds a stick into the next one. */
  exit(): void {
    this.touch?.releaseAll();
  }
}
