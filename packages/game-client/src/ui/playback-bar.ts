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
  private isScrubbing = false;
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
    });
    this.scrubber.addEventListener('input', () => {
      this.showTime(Number(this.scrubber.value), Number(this.scrubber.max));
      actions.onSeek(Number(this.scrubber.value), !this.isScrubbing);
    });
    this.scrubber.addEventListener('change', () => {
      this.isScrubbing = false;
      this.scrubber.blur();
      actions.onSeek(Number(this.scrubber.value), true);
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
      h(
        'div',
        { className: 'playback-row' },
        this.playButton,
        this.speed,
        this.scrubber,
        this.time,
        h('label', { text: 'camera ' }, this.follow),
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
    this.scrubber.value = String(tick);
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
