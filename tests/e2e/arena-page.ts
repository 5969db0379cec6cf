import { waitFor } from '@arena/testing';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/** The part of the client's `window.__arena.state()` these tests read (see docs/game-client.md). */
export interface HookPlayer {
  readonly id: number;
  readonly name: string;
  readonly x: number;
  readonly y: number;
  /** Facing, radians (0 = +x). */
  readonly angle: number;
  readonly hp: number;
  readonly isSelf: boolean;
}

export interface HookState {
  readonly screen: 'connecting' | 'lobby' | 'joining' | 'arena';
  readonly connection: string;
  readonly rooms: readonly { readonly id: string; readonly players: number }[];
  readonly roomId: string | null;
  readonly playerId: number | null;
  readonly arena: {
    readonly width: number;
    readonly height: number;
    readonly walls: readonly { x: number; y: number; width: number; height: number }[];
  } | null;
  readonly self: HookPlayer | null;
  readonly players: readonly HookPlayer[];
  readonly framesDrawn: number;
  /** Lead of tick-aligned inputs before the server's tick, ms (null with ?inputs=frame). */
  readonly inputLeadMs: number | null;
  readonly lastError: { readonly code: string; readonly message: string } | null;
  readonly isErrorShown: boolean;
  readonly chat: readonly { readonly scope: string; readonly name: string; readonly text: string }[];
  readonly notices: readonly string[];
  /** Where the page's snapshots and inputs travel (docs/game-client.md "Datagrams"). */
  readonly transport: TransportHook;
}

/** The hook's `transport`. */
export interface TransportHook {
  readonly path: 'datagram' | 'websocket';
  readonly fallbackReason: string | null;
  readonly datagramLossPct: number | null;
  readonly datagramsReceived: number;
}

interface HookWindow {
  __arena?: {
    state(): HookState;
    worldToScreen(x: number, y: number): Promise<{ x: number; y: number } | null>;
  };
}

const WAIT_TIMEOUT_MS = 15_000;
const POLL_MS = 50;

/** One browser tab playing Arena, read through the client's test hook and driven by real input. */
export class ArenaPage {
  /** Console errors and uncaught exceptions seen on this page. */
  readonly errors: string[] = [];

  private constructor(
    readonly label: string,
    readonly page: Page,
    private readonly context: BrowserContext,
  ) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.errors.push(`page error: ${error.message}`));
  }

  /** A fresh context (its own storage, so its own remembered name) with the game loaded. */
  static async open(
    browser: Browser,
    url: string,
    label: string,
    readyWhen: (state: HookState) => boolean = (s) => s.connection === 'connected' && s.screen === 'lobby',
    contextOptions: BrowserContextOptions = {},
  ): Promise<ArenaPage> {
    const context = await browser.newContext({ viewport: { width: 900, height: 600 }, ...contextOptions });
    const page = await context.newPage();
    const arenaPage = new ArenaPage(label, page, context);
    await page.goto(url, { timeout: WAIT_TIMEOUT_MS });
    await arenaPage.waitFor(readyWhen, 'the page ready');
    return arenaPage;
  }

  state(): Promise<HookState> {
    return this.page.evaluate(() => (window as unknown as HookWindow).__arena!.state());
  }

  worldToScreen(x: number, y: number): Promise<{ x: number; y: number } | null> {
    return this.page.evaluate(
      ([wx, wy]) => (window as unknown as HookWindow).__arena!.worldToScreen(wx!, wy!),
      [x, y],
    );
  }

  /** Polls the hook until `predicate` holds; fails after `timeoutMs` with the last state seen. */
  async waitFor(
    predicate: (state: HookState) => boolean,
    what: string,
    timeoutMs = WAIT_TIMEOUT_MS,
  ): Promise<HookState> {
    let last: HookState | undefined;
    return waitFor(
      async () => {
        // the hook is missing while the page navigates: that is "not yet", not a failure
        last = await this.state().catch(() => undefined);
        return last !== undefined && predicate(last) ? last : undefined;
      },
      `${this.label}: ${what}`,
      { timeoutMs, pollMs: POLL_MS, detail: () => `last state: ${describeState(last)}` },
    );
  }

  async setName(name: string): Promise<void> {
    await this.page.fill('[data-testid=player-name]', name);
  }

  /** Joins `roomId` from the lobby's live list, as a player would, and waits to be in it. */
  async joinFromList(roomId: string): Promise<HookState> {
    await this.waitFor((s) => s.rooms.some((room) => room.id === roomId), `room ${roomId} in the lobby list`);
    await this.page.click(`button[data-room="${roomId}"]`);
    return this.waitFor(
      (s) => s.screen === 'arena' && s.roomId === roomId && s.self !== null,
      `a seat in ${roomId}`,
    );
  }

  async leave(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.waitFor((s) => s.screen === 'lobby', 'the lobby after leaving');
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/**
 * A state for a timeout's message: the connection and transport first, then the rest without the
 * arena's walls (which would fill the budget), cut to a length a log keeps readable.
 */
function describeState(state: HookState | undefined): string {
  if (state === undefined) return 'none (no hook yet)';
  const { arena, transport, screen, connection, ...rest } = state;
  const first = JSON.stringify({ screen, connection, transport });
  const others = JSON.stringify({ ...rest, arena: arena === null ? null : `${arena.walls.length} walls` });
  return `${first} ${others.slice(0, 2000)}`;
}
