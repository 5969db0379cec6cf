/**
 * What the page shows. `connecting`: the lobby, waiting for the server; `joining`: a join or a
 * rejoin is on its way; `playing` and `dead`: seated in a room, alive or waiting to respawn;
 * `reconnecting`: the connection dropped in a room whose seat may still be taken back; `replay`:
 * watching a recording; `error`: a failure said in words over the lobby.
 */
export type Screen =
  | 'connecting'
  | 'lobby'
  | 'joining'
  | 'playing'
  | 'dead'
  | 'reconnecting'
  | 'replay'
  | 'error';

/**
 * Every screen change the game makes, and no other. A connection can drop, and a failure be
 * said, on any screen; leaving a room goes back to the lobby (or to `connecting` when the
 * connection is down).
 */
export const SCREEN_TRANSITIONS: Readonly<Record<Screen, readonly Screen[]>> = Object.freeze({
  connecting: ['lobby', 'joining', 'error'],
  lobby: ['joining', 'connecting', 'error'],
  // a drop during a rejoin tries again
  joining: ['playing', 'replay', 'lobby', 'connecting', 'reconnecting', 'error'],
  playing: ['dead', 'lobby', 'connecting', 'reconnecting', 'error'],
  dead: ['playing', 'lobby', 'connecting', 'reconnecting', 'error'],
  // back in a room by a rejoin (`joining`), or given up: the lobby, or a failure
  reconnecting: ['joining', 'lobby', 'connecting', 'error'],
  replay: ['lobby', 'connecting', 'error'],
  // dismissed (to the lobby, or to `connecting` while the server is away), or a link's join
  error: ['lobby', 'connecting', 'joining'],
});

/** The screens inside a room: the arena is drawn. */
const IN_ARENA: ReadonlySet<Screen> = new Set(['playing', 'dead', 'replay']);

/** What to do with a transition the table does not have: a bug in the game. */
export type RefusalPolicy = 'throw' | 'warn';

/** A screen change. */
export interface ScreenChange {
  readonly from: Screen;
  readonly to: Screen;
}

/**
 * The page's one screen state: changed only by `go`, which refuses a change the transition table
 * does not list (throwing in development and in tests, a console warning in production, where a
 * player keeps the screen they have rather than a broken page). Listeners hear every change.
 */
export class ScreenMachine {
  private current: Screen;
  private readonly listeners: ((change: ScreenChange) => void)[] = [];

  constructor(
    initial: Screen = 'connecting',
    private readonly policy: RefusalPolicy = 'throw',
  ) {
    this.current = initial;
  }

  get screen(): Screen {
    return this.current;
  }

  /** Seated in a room or watching a replay: the arena is drawn. */
  get isInArena(): boolean {
    return IN_ARENA.has(this.current);
  }

  is(...screens: readonly Screen[]): boolean {
    return screens.includes(this.current);
  }

  /** True when `to` may follow the current screen (staying on it always may). */
  canGo(to: Screen): boolean {
    return to === this.current || SCREEN_TRANSITIONS[this.current].includes(to);
  }

  /**
   * Moves to `to` and tells the listeners; staying on the same screen is a no-op. Returns false
   * for a refused change (with the 'warn' policy; 'throw' throws).
   */
  go(to: Screen): boolean {
    const from = this.current;
    if (to === from) return true;
    if (!this.canGo(to)) {
      const message = `Arena: no screen change from "${from}" to "${to}"`;
      if (this.policy === 'throw') throw new Error(message);
      console.warn(message);
      return false;
    }
    this.current = to;
    for (const listener of this.listeners) listener({ from, to });
    return true;
  }

  onChange(listener: (change: ScreenChange) => void): void {
    this.listeners.push(listener);
  }
}

/**
 * The coarse screen the test hook has always reported (`connecting`, `lobby`, `joining`,
 * `arena`), for the tests and tools that read it: the arena for every screen inside a room, and
 * for the others what is behind them (an error and a reconnection are over the lobby).
 */
export function coarseScreen(
  screen: Screen,
  isConnected: boolean,
): 'connecting' | 'lobby' | 'joining' | 'arena' {
  switch (screen) {
    case 'playing':
    case 'dead':
    case 'replay':
      return 'arena';
    case 'joining':
      return 'joining';
    case 'lobby':
      return 'lobby';
    case 'reconnecting':
    case 'connecting':
      return 'connecting';
    case 'error':
      return isConnected ? 'lobby' : 'connecting';
  }
}
