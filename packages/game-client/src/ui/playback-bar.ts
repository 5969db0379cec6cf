import type { CameraTarget } from '../game/spectator-camera';
import type { PlaybackState } from '../net/replay-api';
import { h, setText } from './dom';

/** Speeds the bar offers (the server accepts 0.25..8). */
export const PLAYBACK_SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;

export interface PlaybackBarActions {
  readonly onTogglePause: () => void;
  readonly onSpeed: (speed: number) => void;
  /** The scrubber moved to `tick`: `isFinal` once it is let go (or moved by keys). */
  readonly onSeek: (tick: number, isFinal: boolean) => void;
  readonly onFollow: (target: CameraTarget) => void;
  readonly onLeave: () => void;
}

/**
 * The replay view's controls along the bottom of the window: play/pause, speed, a scrubber over
 * the whole recording with the time and tick, whom the camera follows, and the way out.
 */
export class PlaybackBar {
  readonly element: HTMLElement;
  private readonly playButton = h('button', {
    text: 'Pause',
    attrs: { type: 'button', 'data-testid': 'replay-play', title: 'Play or pause (Space)' },
  });
  private readonly speed = h('select', {
    attrs: { 'aria-label': 'Playback speed', 'data-testid': 'replay-speed' },
  });
  private readonly scrubber = h('input', {
    attrs: {
      type: 'range',
      min: '0',
      max: '0',
      step: '1',
      'aria-label': 'Replay position',
      'data-testid': 'replay-scrubber',
    },
  });
  private readonly time = h('span', { className: 'playback-time', attrs: { 'data-testid': 'replay-time' } });
  private readonly follow = h('select', {
    attrs: { 'aria-label': 'Camera', 'data-testid': 'replay-follow' },
  });
  private readonly title = h('span', { className: 'playback-title' });
  private readonly warning = h('span', { className: 'playback-warning hidden' });
  /** A pointer holds the scrubber (pressed on it and not yet released anywhere). */
  private isScrubbing = false;
  /** The scrubber's value when the pointer went down: a release elsewhere seeks only if it moved. */
  private scrubStartValue = '';
  /** The value last sought by a release or a key, so the `change` after a release does not seek twice. */
  private committedValue: string | undefined;
  private tickRateHz = 30;
  private followKey = '';

  constructor(actions: PlaybackBarActions) {
    for (const speed of PLAYBACK_SPEEDS) {
      this.speed.append(h('option', { text: `${speed}x`, attrs: { value: String(speed) } }));
    }
    this.speed.value = '1';
    const leave = h('button', {
      text: 'Back to the lobby (Esc)',
      attrs: { type: 'button', 'data-testid': 'replay-leave' },
    });
    this.playButton.addEventListener('click', () => {
      this.playButton.blur(); // Space must not press it again
      actions.onTogglePause();
    });
    this.speed.addEventListener('change', () => {
      this.speed.blur();
      actions.onSpeed(Number(this.speed.value));
    });
    this.scrubber.addEventListener('pointerdown', () => {
      this.isScrubbing = true;
      this.scrubStartValue = this.scrubber.value;
    });
    // A press on the handle without a drag fires no `change`: the release ends the scrub (so the
    // time follows playback again) and gives the keys back (Space, Esc) wherever it happens.
    const onRelease = () => {
      if (!this.isScrubbing) return;
      this.isScrubbing = false;
      this.scrubber.blur();
      if (this.scrubber.value !== this.scrubStartValue) this.commit(actions);
    };
    window.addEventListener('pointerup', onRelease);
    window.addEventListener('pointercancel', onRelease);
    this.scrubber.addEventListener('input', () => {
      this.showTime(Number(this.scrubber.value), Number(this.scrubber.max));
      // keys move it in steps, each followed by `change`; a drag seeks as it goes (throttled)
      if (this.isScrubbing) actions.onSeek(Number(this.scrubber.value), false);
    });
    this.scrubber.addEventListener('change', () => {
      if (this.isScrubbing) return; // the release seeks
      this.scrubber.blur();
      if (this.scrubber.value !== this.committedValue) this.commit(actions);
    });
    this.follow.addEventListener('change', () => {
      this.follow.blur();
      const value = this.follow.value;
      actions.onFollow(value === 'auto' || value === 'free' ? value : Number(value));
    });
    leave.addEventListener('click', () => actions.onLeave());
    this.element = h(
      'div',
      { className: 'playback-bar hidden', attrs: { 'data-testid': 'playback-bar' } },
      h('div', { className: 'playback-row' }, this.title, this.warning),
      // The scrubber has a row of its own: beside the other controls it was squeezed to its
      // minimum width once the camera menu filled with names.
      h('div', { className: 'playback-row playback-scrub' }, this.scrubber, this.time),
      h(
        'div',
        { className: 'playback-row' },
        this.playButton,
        this.speed,
        h('label', { text: 'camera ' }, this.follow),
        h('span', { className: 'playback-spacer' }),
        leave,
      ),
    );
  }

  show(): void {
    this.element.classList.remove('hidden');
  }

  hide(): void {
    this.element.classList.add('hidden');
    this.isScrubbing = false;
  }

  /** The server's playback state (after a poll, a change, or a restart). */
  setState(state: PlaybackState): void {
    this.tickRateHz = state.tickRateHz;
    setText(this.playButton, state.paused ? 'Play' : 'Pause');
    this.playButton.dataset.paused = String(state.paused);
    if (document.activeElement !== this.speed) this.speed.value = String(state.speed);
    this.scrubber.max = String(state.totalTicks);
    setText(this.title, `Replay of ${state.recording} · ${state.spectators} watching`);
    const diverged = state.divergedAtTick;
    this.warning.classList.toggle('hidden', diverged === null);
    if (diverged !== null) {
      setText(
        this.warning,
        `the replay differs from the recording from tick ${diverged} (the game changed since?)`,
      );
    }
  }

  /** The tick being shown (moves the scrubber unless it is being dragged). */
  setTick(tick: number, totalTicks: number): void {
    if (this.isScrubbing) return;
    const value = String(tick);
    if (value !== this.scrubber.value) this.committedValue = undefined;
    this.scrubber.value = value;
    this.showTime(tick, totalTicks);
  }

  /** The players the camera can follow; rebuilt only when they change. */
  setPlayers(players: readonly { readonly id: number; readonly name: string }[], target: CameraTarget): void {
    const key = `${String(target)}|${players.map((p) => `${p.id}:${p.name}`).join(',')}`;
    if (key === this.followKey) return;
    this.followKey = key;
    const options = [
      h('option', { text: 'first player', attrs: { value: 'auto' } }),
      h('option', { text: 'free (WASD)', attrs: { value: 'free' } }),
      ...players.map((player) => h('option', { text: player.name, attrs: { value: String(player.id) } })),
    ];
    this.follow.replaceChildren(...options);
    this.follow.value = String(target);
  }

  /** The final seek of a scrub (a release, or a key step). */
  private commit(actions: PlaybackBarActions): void {
    this.committedValue = this.scrubber.value;
    actions.onSeek(Number(this.scrubber.value), true);
  }

  private showTime(tick: number, totalTicks: number): void {
    setText(
      this.time,
      `${formatTime(tick / this.tickRateHz)} / ${formatTime(totalTicks / this.tickRateHz)} · tick ${tick} / ${totalTicks}`,
    );
  }
}

/** m:ss.s */
function formatTime(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${(seconds - minutes * 60).toFixed(1).padStart(4, '0')}`;
}
