import {
  listRecordings,
  listReplayRooms,
  type RecordingSummary,
  type ReplayRoomSummary,
} from '../net/replay-api';
import { h, setText } from './dom';

/** While the lobby shows, recordings and replay markers are fetched at most this often on pushes. */
const REFRESH_THROTTLE_MS = 2000;
/** While the lobby shows a recording still being made, its row is refreshed this often (length, end). */
const IN_PROGRESS_REFRESH_MS = 3000;

export interface RecordingsActions {
  /** Opens a replay room for the recording and watches it. */
  readonly onWatch: (recording: string) => void;
  /** The open replay rooms changed (the room list marks them). */
  readonly onReplayRooms: (rooms: readonly ReplayRoomSummary[]) => void;
}

/**
 * The lobby's recordings panel: the matches the server recorded (rooms created with
 * "record"), each with a Watch button that opens a replay room; a match still being recorded
 * says "recording…". Fetched over HTTP when the lobby shows, when the room list changes
 * (throttled, the last change always fetched), every few seconds while a recording is in
 * progress, and on Refresh.
 */
export class RecordingsView {
  readonly element: HTMLElement;
  private readonly rows = h('tbody');
  private readonly empty = h('p', {
    className: 'rooms-empty',
    text: 'No recordings yet: create a room with "Record the match" ticked and play.',
  });
  private readonly refreshButton = h('button', {
    text: 'Refresh',
    attrs: { type: 'button', 'data-testid': 'recordings-refresh' },
  });
  private isEnabled = false;
  /** The lobby shows: rows in progress are kept fresh. */
  private isLive = false;
  private lastRefreshMs = Number.NEGATIVE_INFINITY;
  private isRefreshing = false;
  private hasInProgress = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly actions: RecordingsActions) {
    this.refreshButton.addEventListener('click', () => void this.refresh());
    this.element = h(
      'section',
      { className: 'panel lobby-recordings' },
      h('div', { className: 'panel-title' }, h('h2', { text: 'Recordings' }), this.refreshButton),
      h(
        'table',
        { className: 'rooms' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { text: 'Match' }),
            h('th', { text: 'Length' }),
            h('th', { text: 'Size' }),
            h('th'),
          ),
        ),
        this.rows,
      ),
      this.empty,
    );
  }

  /** Watch buttons work only while connected and not busy joining. */
  setEnabled(isEnabled: boolean): void {
    this.isEnabled = isEnabled;
    for (const button of this.rows.querySelectorAll('button')) button.disabled = !isEnabled;
  }

  /** While live (the lobby shows), the panel refreshes itself as pushes and recordings in progress ask. */
  setLive(isLive: boolean): void {
    this.isLive = isLive;
    if (!isLive) this.cancel();
  }

  /**
   * Fetches soon: the lobby was shown or its room list changed (a recorded room may have
   * started). At most once per REFRESH_THROTTLE_MS; a change inside that window is fetched at
   * its end rather than dropped.
   */
  refreshSoon(): void {
    const sinceMs = performance.now() - this.lastRefreshMs;
    if (sinceMs >= REFRESH_THROTTLE_MS) void this.refresh();
    else this.schedule(REFRESH_THROTTLE_MS - sinceMs);
  }

  async refresh(): Promise<void> {
    if (this.isRefreshing) return;
    this.cancel();
    this.isRefreshing = true;
    this.lastRefreshMs = performance.now();
    const [recordings, replays] = await Promise.all([listRecordings(), listReplayRooms()]);
    this.isRefreshing = false;
    if (recordings.ok) this.setRecordings(recordings.value);
    else setText(this.empty, `Recordings unavailable: ${recordings.message}`);
    if (replays.ok) this.actions.onReplayRooms(replays.value);
    if (this.hasInProgress) this.schedule(IN_PROGRESS_REFRESH_MS);
  }

  /** A refresh in `delayMs`, while live (the earlier of two wishes wins). */
  private schedule(delayMs = 0): void {
    if (!this.isLive || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.isLive) void this.refresh();
    }, delayMs);
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private setRecordings(recordings: readonly RecordingSummary[]): void {
    setText(this.empty, 'No recordings yet: create a room with "Record the match" ticked and play.');
    this.empty.classList.toggle('hidden', recordings.length > 0);
    this.hasInProgress = recordings.some((recording) => !recording.isComplete);
    this.rows.replaceChildren(...recordings.map((recording) => this.row(recording)));
  }

  private row(recording: RecordingSummary): HTMLElement {
    const watch = h('button', {
      text: 'Watch',
      attrs: { type: 'button', 'data-recording': recording.name },
    });
    watch.disabled = !this.isEnabled || recording.ticks === 0;
    watch.addEventListener('click', () => this.actions.onWatch(recording.name));
    const started = new Date(recording.startedAt);
    const when = Number.isNaN(started.getTime()) ? recording.startedAt : started.toLocaleString();
    return h(
      'tr',
      { attrs: { 'data-recording-room': recording.roomId } },
      h('td', {
        text: `${recording.roomId} · ${when}${recording.isComplete ? '' : ' (recording…)'}`,
        attrs: { title: recording.name },
      }),
      h('td', { text: `${recording.durationS.toFixed(1)} s` }),
      h('td', { text: `${(recording.sizeBytes / 1024).toFixed(1)} kB` }),
      h('td', {}, watch),
    );
  }
}
