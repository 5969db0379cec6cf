import type { ScoreLine } from '../game/room-session';
import { type RankedLine, standings } from '../game/standings';
import { h } from './dom';

/** Rebuilt at most this often, ms: scores change a few times a minute. */
const REFRESH_MS = 250;

/** The on-screen leaderboard: the best three and, below them, "#5 of 9" for the own player. */
export class TopThreeView {
  readonly element: HTMLElement;
  private readonly list = h('ol', { className: 'top-three-list' });
  private readonly own = h('div', { className: 'top-three-own hidden' });
  private builtAtMs = Number.NEGATIVE_INFINITY;
  private key = '';

  constructor() {
    this.element = h(
      'div',
      { className: 'top-three', attrs: { 'data-testid': 'top-three', 'aria-label': 'Leaders' } },
      this.list,
      this.own,
    );
  }

  /** `lines` is asked for only when the board is due for a rebuild. */
  update(lines: () => readonly ScoreLine[], nowMs: number): void {
    if (nowMs - this.builtAtMs < REFRESH_MS) return;
    this.builtAtMs = nowMs;
    const board = standings(lines());
    const key = JSON.stringify([board.top.map(rowKey), board.self && rowKey(board.self), board.of]);
    if (key === this.key) return;
    this.key = key;
    // nobody to rank (a replay between matches): no empty box
    this.element.classList.toggle('empty', board.of === 0);
    this.list.replaceChildren(...board.top.map((line) => row(line)));
    this.own.classList.toggle('hidden', board.self === undefined);
    if (board.self !== undefined) {
      this.own.replaceChildren(
        h('span', { className: 'top-three-rank', text: `#${board.self.rank} of ${board.of}` }),
        h('span', { className: 'top-three-name', text: 'you' }),
        h('span', { className: 'top-three-score', text: String(board.self.score) }),
      );
    }
  }
}

function rowKey(line: RankedLine): string {
  return `${line.rank}:${line.id}:${line.name}:${line.score}`;
}

function row(line: RankedLine): HTMLElement {
  return h(
    'li',
    { className: line.isSelf ? 'self' : '' },
    h('span', { className: 'top-three-rank', text: `#${line.rank}` }),
    h('span', { className: 'top-three-name', text: line.name }),
    h('span', { className: 'top-three-score', text: String(line.score) }),
  );
}
