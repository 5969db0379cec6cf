import type { FrameState, RoomSession } from '../game/room-session';
import { type CameraTarget, SpectatorCamera } from '../game/spectator-camera';
import { changePlayback, fetchPlayback, type PlaybackChange, type PlaybackState } from '../net/replay-api';
import type { SceneSession } from '../scenes/arena-scene';
import { PlaybackBar } from '../ui/playback-bar';

/** How often the playback state is fetched while watching (other spectators may change it). */
export const PLAYBACK_POLL_MS = 1000;
/** At most one seek this often while the scrubber is dragged; letting go always seeks. */
export const SCRUB_SEEK_INTERVAL_MS = 200;

/** What the test hook reports about a replay being watched. */
export interface ReplayTestState {
  readonly roomId: string;
  readonly recording: string;
  /** The server's tick as of its last answer (exact while paused). */
  readonly tick: number;
  readonly totalTicks: number;
  readonly paused: boolean;
  readonly speed: number;
  readonly camera: CameraTarget;
  readonly followedId: number | null;
  readonly divergedAtTick: number | null;
}

export interface ReplayViewerOptions {
  /** The way back to the lobby (the bar's button). */
  readonly onLeave: () => void;
  /** A request the server refused, in words (shown in the room chat). */
  readonly onProblem: (message: string) => void;
}

/**
 * The replay view: a spectator in a replay room with a playback bar. The server restarts every
 * spectator with a fresh welcome after each playback change (pause, speed, seek), so the view
 * swaps in a new RoomSession each time while the scene keeps drawing through `sceneSession`
 * and the camera stays where it was. Playback requests go over HTTP, one at a time (the newest
 * wish wins); the state is polled so that changes made by other spectators show up.
 */
export class ReplayViewer {
  readonly bar: PlaybackBar;
  private current: { roomId: string; session: RoomSession; camera: SpectatorCamera } | undefined;
  private state: PlaybackState | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private isSending = false;
  private queued: PlaybackChange | undefined;
  private lastScrubSeekMs = Number.NEGATIVE_INFINITY;
  private lastPlayers: FrameState['players'] = [];

  /** What the scene draws from: whichever session is current. */
  readonly sceneSession: SceneSession;

  constructor(private readonly options: ReplayViewerOptions) {
    const session = () => this.session();
    this.sceneSession = {
      get map() {
        return session().map;
      },
      update: (nowMs, intent) => session().update(nowMs, intent),
    };
    this.bar = new PlaybackBar({
      onTogglePause: () => this.togglePause(),
      onSpeed: (speed) => this.request({ speed }),
      onSeek: (tick, isFinal) => this.seek(tick, isFinal),
      onFollow: (target) => this.current?.camera.follow(target),
      onLeave: () => options.onLeave(),
    });
  }

  get isWatching(): boolean {
    return this.current !== undefined;
  }

  get roomId(): string | undefined {
    return this.current?.roomId;
  }

  get camera(): SpectatorCamera | undefined {
    return this.current?.camera;
  }

  /** The first welcome of a replay room: shows the bar and starts following the playback. */
  start(roomId: string, session: RoomSession): void {
    this.stop();
    this.current = {
      roomId,
      session,
      camera: new SpectatorCamera({ width: session.map.width, height: session.map.height }),
    };
    this.bar.show();
    this.pollTimer = setInterval(() => void this.poll(), PLAYBACK_POLL_MS);
    void this.poll();
  }

  /** A fresh welcome of the same replay (after a playback change): draw from the new session. */
  restart(session: RoomSession): void {
    if (this.current === undefined) return;
    this.current.session = session;
    void this.poll();
  }

  stop(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    this.current = undefined;
    this.state = undefined;
    this.queued = undefined;
    this.lastPlayers = [];
    this.bar.hide();
  }

  togglePause(): void {
    if (this.state !== undefined) this.request({ paused: !this.state.paused });
  }

  /** Per frame: the scrubber follows the tick being drawn; the camera menu lists who is there. */
  update(frame: FrameState): void {
    const state = this.state;
    if (state === undefined || this.current === undefined) return;
    const drawn = state.paused ? state.tick : Math.round(frame.renderTick);
    this.bar.setTick(Math.max(0, Math.min(state.totalTicks, drawn)), state.totalTicks);
    this.lastPlayers = frame.players;
    this.bar.setPlayers(
      frame.players.map((player) => ({ id: player.id, name: player.name })),
      this.current.camera.cameraTarget,
    );
  }

  testState(): ReplayTestState | null {
    const { current, state } = this;
    if (current === undefined || state === undefined) return null;
    return {
      roomId: current.roomId,
      recording: state.recording,
      tick: state.tick,
      totalTicks: state.totalTicks,
      paused: state.paused,
      speed: state.speed,
      camera: current.camera.cameraTarget,
      followedId: current.camera.followedId(this.lastPlayers) ?? null,
      divergedAtTick: state.divergedAtTick,
    };
  }

  private session(): RoomSession {
    if (this.current === undefined) throw new Error('no replay is being watched');
    return this.current.session;
  }

  private seek(tick: number, isFinal: boolean): void {
    const nowMs = performance.now();
    if (!isFinal && nowMs - this.lastScrubSeekMs < SCRUB_SEEK_INTERVAL_MS) return;
    this.lastScrubSeekMs = nowMs;
    this.request({ tick });
  }

  /** Sends a playback change; while one is under way, later wishes are merged and sent next. */
  private request(change: PlaybackChange): void {
    if (this.current === undefined) return;
    if (this.isSending) {
      this.queued = { ...this.queued, ...change };
      return;
    }
    void this.send(this.current.roomId, change);
  }

  private async send(roomId: string, change: PlaybackChange): Promise<void> {
    this.isSending = true;
    const answer = await changePlayback(roomId, change);
    this.isSending = false;
    if (this.current?.roomId !== roomId) return;
    if (answer.ok) this.setState(answer.value);
    else this.options.onProblem(`Playback: ${answer.message}`);
    const next = this.queued;
    this.queued = undefined;
    if (next !== undefined) this.request(next);
  }

  private async poll(): Promise<void> {
    const roomId = this.current?.roomId;
    if (roomId === undefined) return;
    const answer = await fetchPlayback(roomId);
    // A poll that started before a change was sent must not undo what the bar shows.
    if (this.current?.roomId !== roomId || this.isSending || !answer.ok) return;
    this.setState(answer.value);
  }

  private setState(state: PlaybackState): void {
    this.state = state;
    this.bar.setState(state);
    if (state.paused) this.bar.setTick(state.tick, state.totalTicks);
  }
}
