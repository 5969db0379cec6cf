import type { ArenaMap } from '@arena/protocol';
import { PLAYER_MAX_HP } from '@arena/protocol';
import type { FrameState, KillFeedEntry, RoomSession, ScoreLine } from '../game/room-session';
import type { ChatPanel } from './chat-panel';
import { h, setText } from './dom';
import { MinimapView } from './minimap-view';
import { TopThreeView } from './top-three-view';

/** A kill-feed line stays this long, ms. */
const KILL_FEED_VISIBLE_MS = 8000;
/** The scoreboard is rebuilt at most this often while shown, ms. */
const SCOREBOARD_REFRESH_MS = 250;

/**
 * Everything drawn over the arena in HTML: room and player status, kill feed, respawn
 * countdown, the top three, the minimap, the scoreboard (held Tab), room chat and the key help.
 * Updated every frame, but only touches the DOM where something changed.
 *
 * Panels sit in two columns along the screen's left and right edges (styles.css, "arena HUD"),
 * each a flex column, so they can never cover each other, and the middle, where the camera
 * keeps the own player, stays clear.
 */
export class HudView {
  readonly element: HTMLElement;
  private readonly roomLabel = h('span', { className: 'hud-room' });
  private readonly hpFill = h('div', { className: 'hud-hp-fill' });
  private readonly hpText = h('span', { className: 'hud-hp-text' });
  private readonly scoreText = h('span', { className: 'hud-score' });
  private readonly leaveButton = h('button', {
    className: 'hud-leave',
    text: 'Leave (Esc)',
    attrs: { type: 'button', 'data-testid': 'leave' },
  });
  private readonly status: HTMLElement;
  private readonly chatBox: HTMLElement;
  private readonly buttons: HTMLElement;
  private readonly topThree = new TopThreeView();
  private readonly minimap = new MinimapView();
  private minimapOf: ArenaMap | undefined;
  private readonly feed = h('ol', { className: 'kill-feed', attrs: { 'aria-label': 'Kill feed' } });
  private readonly respawn = h('div', { className: 'respawn hidden', attrs: { role: 'status' } });
  private readonly scoreRows = h('tbody');
  private readonly scoreboard: HTMLElement;
  private feedKey = '';
  private scoreboardBuiltAtMs = Number.NEGATIVE_INFINITY;

  /** `extras` go in the button row before Leave (invite, sound); `overlays` show with the HUD (touch sticks). */
  constructor(
    chat: ChatPanel,
    onLeave: () => void,
    extras: readonly HTMLElement[] = [],
    overlays: readonly HTMLElement[] = [],
  ) {
    this.leaveButton.addEventListener('click', () => onLeave());
    this.scoreboard = h(
      'div',
      { className: 'scoreboard hidden', attrs: { 'aria-label': 'Scoreboard', 'data-testid': 'scoreboard' } },
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
    this.status = h(
      'div',
      { className: 'hud-top', attrs: { 'data-testid': 'hud-status' } },
      this.roomLabel,
      h('div', { className: 'hud-hp' }, this.hpFill, this.hpText),
      this.scoreText,
    );
    this.chatBox = h('div', { className: 'hud-chat', attrs: { 'data-testid': 'hud-chat' } }, chat.element);
    this.buttons = h('div', { className: 'hud-buttons' }, ...extras, this.leaveButton);
    this.element = h(
      'div',
      { className: 'hud hidden' },
      h(
        'div',
        { className: 'hud-left' },
        this.status,
        this.chatBox,
        h('div', {
          className: 'hud-help',
          text: 'WASD/arrows move · mouse aims · click/Space fires · Tab scores · Enter chat · M sound · N net graph · Esc leave',
        }),
      ),
      h(
        'div',
        { className: 'hud-right' },
        this.buttons,
        this.topThree.element,
        this.scoreboard,
        this.feed,
        this.minimap.element,
      ),
      this.respawn,
      ...overlays,
    );
  }

  /** The panels along the screen's edges, for the camera to keep the own player clear of. */
  panels(): HTMLElement[] {
    return [
      this.status,
      this.chatBox,
      this.buttons,
      this.topThree.element,
      this.scoreboard,
      this.feed,
      this.minimap.element,
    ];
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
    // the bar's frame stays and reads 0 when dead: an empty bar, not a missing one
    this.hpText.parentElement?.classList.toggle('empty', hp === 0);
    setText(this.hpText, `${hp} hp`);
    const kills = self?.score ?? 0;
    setText(this.scoreText, `${kills} kill${kills === 1 ? '' : 's'}`);
    this.updateFeed(session.killFeed, session.playerId, nowMs);
    this.updateRespawn(frame.respawnInMs);
    this.scoreboard.classList.toggle('hidden', !isScoreboardHeld);
    // the scoreboard holds the top three and more: it takes their place while held
    this.topThree.element.classList.toggle('hidden', isScoreboardHeld);
    if (!isScoreboardHeld) this.topThree.update(() => session.scoreboard(), nowMs);
    if (this.minimapOf !== session.map) {
      this.minimapOf = session.map;
      this.minimap.setMap(session.map);
    }
    this.minimap.update(frame.players, nowMs);
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
