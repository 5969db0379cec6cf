import { PLAYER_MAX_HP } from '@arena/protocol';
import type { FrameState, KillFeedEntry, RoomSession, ScoreLine } from '../game/room-session';
import type { ChatPanel } from './chat-panel';
import { h, setText } from './dom';

/** A kill-feed line stays this long, ms. */
const KILL_FEED_VISIBLE_MS = 8000;
/** The scoreboard is rebuilt at most this often while shown, ms. */
const SCOREBOARD_REFRESH_MS = 250;

/**
 * Everything drawn over the arena in HTML: room and player status, kill feed, respawn
 * countdown, the scoreboard (held Tab), room chat and the key help. Updated every frame, but
 * only touches the DOM where something changed.
 */
export class HudView {
  readonly element: HTMLElement;
  private readonly roomLabel = h('span', { className: 'hud-room' });
  private readonly hpFill = h('div', { className: 'hud-hp-fill' });
  private readonly hpText = h('span', { className: 'hud-hp-text' });
  private readonly scoreText = h('span', { className: 'hud-score' });
  private readonly leaveButton = h('button', { text: 'Leave (Esc)', attrs: { type: 'button' } });
  private readonly feed = h('ol', { className: 'kill-feed', attrs: { 'aria-label': 'Kill feed' } });
  private readonly respawn = h('div', { className: 'respawn hidden', attrs: { role: 'status' } });
  private readonly scoreRows = h('tbody');
  private readonly scoreboard: HTMLElement;
  private feedKey = '';
  private scoreboardBuiltAtMs = Number.NEGATIVE_INFINITY;

  /** `extras` go in the top bar before Leave (the invite button). */
  constructor(chat: ChatPanel, onLeave: () => void, extras: readonly HTMLElement[] = []) {
    this.leaveButton.addEventListener('click', () => onLeave());
    this.scoreboard = h(
      'div',
      { className: 'scoreboard hidden', attrs: { 'aria-label': 'Scoreboard' } },
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { text: 'Player' }),
            h('th', { text: 'Kills' }),
            h('th', { text: 'Deaths' }),
            h('th', { text: 'HP' }),
          ),
        ),
        this.scoreRows,
      ),
    );
    this.element = h(
      'div',
      { className: 'hud hidden' },
      h(
        'div',
        { className: 'hud-top' },
        this.roomLabel,
        h('div', { className: 'hud-hp' }, this.hpFill, this.hpText),
        this.scoreText,
        ...extras,
        this.leaveButton,
      ),
      this.feed,
      this.respawn,
      this.scoreboard,
      h('div', { className: 'hud-chat' }, chat.element),
      h('div', {
        className: 'hud-help',
        text: 'WASD/arrows move · mouse aims · click/Space fires · Tab scores · Enter chat · N net graph · Esc leave',
      }),
    );
  }

  show(): void {
    this.element.classList.remove('hidden');
  }

  hide(): void {
    this.element.classList.add('hidden');
    this.scoreboard.classList.add('hidden');
  }

  update(frame: FrameState, session: RoomSession, nowMs: number, isScoreboardHeld: boolean): void {
    const self = frame.self;
    const players = frame.players.length;
    setText(this.roomLabel, `room ${session.roomId} · ${players} player${players === 1 ? '' : 's'}`);
    const hp = self?.hp ?? PLAYER_MAX_HP;
    this.hpFill.style.width = `${(100 * hp) / PLAYER_MAX_HP}%`;
    this.hpFill.classList.toggle('low', hp <= 25);
    setText(this.hpText, `${hp} hp`);
    const kills = self?.score ?? 0;
    setText(this.scoreText, `${kills} kill${kills === 1 ? '' : 's'}`);
    this.updateFeed(session.killFeed, session.playerId, nowMs);
    this.updateRespawn(frame.respawnInMs);
    this.scoreboard.classList.toggle('hidden', !isScoreboardHeld);
    if (isScoreboardHeld && nowMs - this.scoreboardBuiltAtMs >= SCOREBOARD_REFRESH_MS) {
      this.scoreboardBuiltAtMs = nowMs;
      this.buildScoreboard(session.scoreboard());
    }
  }

  private updateFeed(entries: readonly KillFeedEntry[], selfId: number, nowMs: number): void {
    const visible = entries.filter((entry) => nowMs - entry.atMs < KILL_FEED_VISIBLE_MS);
    const key = visible.map((entry) => `${entry.atMs}:${entry.killerId}:${entry.victimId}`).join(',');
    if (key === this.feedKey) return;
    this.feedKey = key;
    this.feed.replaceChildren(
      ...visible.map((entry) => {
        const isMine = entry.killerId === selfId || entry.victimId === selfId;
        return h(
          'li',
          { className: isMine ? 'mine' : '' },
          h('span', { className: 'killer', text: entry.killerName }),
          h('span', { className: 'verb', text: ' fragged ' }),
          h('span', { className: 'victim', text: entry.victimName }),
        );
      }),
    );
  }

  private updateRespawn(respawnInMs: number | undefined): void {
    this.respawn.classList.toggle('hidden', respawnInMs === undefined);
    if (respawnInMs === undefined) return;
    setText(this.respawn, `You are out. Respawning in ${(respawnInMs / 1000).toFixed(1)} s`);
  }

  private buildScoreboard(lines: readonly ScoreLine[]): void {
    this.scoreRows.replaceChildren(
      ...lines.map((line) =>
        h(
          'tr',
          { className: line.isSelf ? 'self' : line.isBot ? 'bot' : '' },
          h('td', { text: line.name }, line.isBot && h('span', { className: 'bot-tag', text: 'bot' })),
          h('td', { text: String(line.score) }),
          h('td', { text: String(line.deaths) }),
          h('td', { text: line.hp > 0 ? String(line.hp) : 'dead' }),
        ),
      ),
    );
  }
}
