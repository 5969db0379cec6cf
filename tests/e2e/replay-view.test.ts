import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArenaServer } from '@arena/server';
import { waitFor } from '@arena/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestClient } from '../support/test-client';
import { startTestServer } from '../support/test-server';
import { ArenaPage, type HookState } from './arena-page';
import { CLIENT_DIST, ensureClientBuilt, launchChromium, TEST_RESULTS } from './chromium';

/** The replay part of `window.__arena.state()` (docs/game-client.md). */
interface ReplayHookState extends HookState {
  /** The tick being drawn, fractional between snapshots. */
  readonly renderTick: number | null;
  readonly replay: {
    readonly roomId: string;
    readonly recording: string;
    readonly tick: number;
    readonly totalTicks: number;
    readonly paused: boolean;
    readonly speed: number;
    readonly divergedAtTick: number | null;
  } | null;
  readonly byteAttribution: {
    readonly shares: readonly { readonly field: string; readonly share: number }[];
  } | null;
}

const asReplay = (state: HookState) => state as ReplayHookState;

let server: ArenaServer | undefined;
let url = '';
let browser: Browser | undefined;
const pages: ArenaPage[] = [];
const clients: TestClient[] = [];

beforeAll(async () => {
  ensureClientBuilt();
  ({ server, url } = await startTestServer({
    clientDir: CLIENT_DIST,
    recordingsDir: mkdtempSync(join(tmpdir(), 'arena-e2e-recordings-')),
    // the recorded room closes (and its file is finished) soon after its player leaves
    roomIdleTimeoutMs: 500,
  }));
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const page of pages.splice(0)) await page.close().catch(() => {});
  await browser?.close();
  await server?.shutdown();
}, 30_000);

async function holdKey(page: ArenaPage, key: string, ms: number): Promise<void> {
  await page.page.keyboard.down(key);
  await new Promise((resolve) => setTimeout(resolve, ms));
  await page.page.keyboard.up(key);
}

/** Moves the scrubber as a drag would end: the value, then `input` and `change`. */
async function scrubTo(page: ArenaPage, tick: number): Promise<void> {
  await page.page.$eval(
    '[data-testid=replay-scrubber]',
    (element, value) => {
      const input = element as HTMLInputElement;
      input.value = String(value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    tick,
  );
}

describe('the replay view', () => {
  test('a recorded match plays back in the browser: pause holds, seek lands, the net graph attributes bytes', async () => {
    // The page is in the lobby before the room exists: the lobby must notice the recording start.
    const viewer = await ArenaPage.open(browser!, url, 'viewer');
    pages.push(viewer);
    // The bot is connected before the room exists, so that its join follows the create at once:
    // an empty room closes after roomIdleTimeoutMs.
    const bot = await TestClient.connect(url);
    clients.push(bot);
    const created = await fetch(`${url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'taped', tickRateHz: 30, maxPlayers: 2, record: true }),
    });
    expect(created.status).toBe(201);

    // Record: a bot keeps the room open (standing still) while a browser player walks right,
    // then down; both leave, the room closes and its file is finished.
    await bot.join('taped', 'bot');
    // Issue 16, bug 4: the match shows under Recordings as "recording…" from its start.
    await viewer.page.waitForSelector('tr[data-recording-room="taped"]:has-text("recording…")', {
      timeout: 15_000,
    });
    await viewer.setName('walker');
    await viewer.joinFromList('taped');
    await holdKey(viewer, 'KeyD', 1200);
    // the net graph of a live room attributes its snapshot bytes too
    await viewer.page.keyboard.press('KeyN');
    const live = asReplay(
      await viewer.waitFor(
        (s) => (asReplay(s).byteAttribution?.shares.length ?? 0) > 0,
        'the live byte attribution',
      ),
    );
    expect(live.byteAttribution!.shares.reduce((sum, share) => sum + share.share, 0)).toBeCloseTo(1, 6);
    await viewer.page.keyboard.press('KeyN');
    await holdKey(viewer, 'KeyS', 800);
    await viewer.leave();
    expect(asReplay(await viewer.state()).byteAttribution).toBeNull();
    bot.send({ type: 'leave' });
    const recording = await waitForRecording();

    // Watch it from the lobby's recordings panel.
    await viewer.page.click('[data-testid=recordings-refresh]');
    await viewer.page.click(`button[data-recording="${recording.name}"]`, { timeout: 10_000 });
    const watching = asReplay(
      await viewer.waitFor(
        (s) => s.screen === 'arena' && asReplay(s).replay !== null && s.players.length === 2,
        'the replay view with the recorded players',
      ),
    );
    expect(watching.playerId).toBe(0);
    expect(watching.self).toBeNull();
    expect(watching.players.map((player) => player.name).sort()).toEqual(['bot', 'walker']);
    expect(watching.players.every((player) => !player.isSelf)).toBe(true);
    const walkerId = watching.players.find((player) => player.name === 'walker')!.id;
    const noWalker = { x: Number.NaN, y: Number.NaN };
    const walkerIn = (state: HookState) => state.players.find((player) => player.id === walkerId) ?? noWalker;
    expect(watching.replay).toMatchObject({
      recording: recording.name,
      totalTicks: recording.ticks,
      speed: 1,
    });
    await viewer.page.waitForSelector('[data-testid=playback-bar]', { state: 'visible' });
    // Issue 16, bug 3: once loaded (camera menu filled with names), the scrubber keeps most of the bar.
    await viewer.page.waitForSelector('[data-testid=replay-follow] option:has-text("walker")', {
      state: 'attached',
    });
    const barWidth = (await viewer.page.locator('[data-testid=playback-bar]').boundingBox())!.width;
    const scrubberWidth = (await viewer.page.locator('[data-testid=replay-scrubber]').boundingBox())!.width;
    expect(scrubberWidth).toBeGreaterThan(0.6 * barWidth);

    // Pause: the tick holds and the player stays where it is drawn. Under load the 1x playback
    // can run past the walker's leave before the click lands, so the paused view is sent back to
    // a tick just after one where the walker was drawn (it stays for over 60 ticks).
    await viewer.page.click('[data-testid=replay-play]');
    await viewer.waitFor((s) => asReplay(s).replay?.paused === true, 'paused');
    const heldTick = Math.min(recording.ticks, Math.ceil(watching.renderTick!) + 3);
    await scrubTo(viewer, heldTick);
    const paused = asReplay(
      await viewer.waitFor(
        (s) =>
          asReplay(s).replay?.paused === true &&
          asReplay(s).replay?.tick === heldTick &&
          s.players.some((player) => player.id === walkerId),
        `paused at tick ${heldTick} with the walker drawn`,
      ),
    );
    // a live room on the same server runs 18 ticks, in which the replay would have moved on at 1x,
    // and the page draws frames after that: only then is "nothing changed" worth checking
    const metronome = await TestClient.connect(url);
    clients.push(metronome);
    await metronome.join('any', 'metronome');
    await metronome.waitForTicks(18);
    const framesThen = (await viewer.state()).framesDrawn;
    const later = asReplay(await viewer.waitFor((s) => s.framesDrawn >= framesThen + 5, 'five more frames'));
    metronome.close();
    expect(later.replay!.tick).toBe(paused.replay!.tick);
    expect(walkerIn(later).x).toBeCloseTo(walkerIn(paused).x, 3);
    expect(walkerIn(later).y).toBeCloseTo(walkerIn(paused).y, 3);

    // Seek: the view lands on the requested tick and draws the player where the server has it then.
    const target = Math.floor(recording.ticks / 2);
    await scrubTo(viewer, target);
    await viewer.waitFor((s) => asReplay(s).replay?.tick === target, `tick ${target}`);
    const roomId = watching.replay!.roomId;
    const spectator = await TestClient.connect(url);
    clients.push(spectator);
    await spectator.join(roomId, 'checker');
    await spectator.waitFor(() => spectator.latestWorld()?.tick === target, `the keyframe of tick ${target}`);
    const authoritative = spectator.latestWorld()!.world.players.find((player) => player.id === walkerId)!;
    const drawn = walkerIn(
      await viewer.waitFor(
        (s) => Math.abs(walkerIn(s).x - authoritative.x) < 0.01,
        'the walker at the sought tick',
      ),
    );
    expect(drawn.x).toBeCloseTo(authoritative.x, 2);
    expect(drawn.y).toBeCloseTo(authoritative.y, 2);

    // The net graph shows where the room's snapshot bytes go.
    await viewer.page.keyboard.press('KeyN');
    const graphed = asReplay(
      await viewer.waitFor(
        (s) => (asReplay(s).byteAttribution?.shares.length ?? 0) > 0,
        'the byte attribution',
      ),
    );
    mkdirSync(TEST_RESULTS, { recursive: true });
    await viewer.screenshot(join(TEST_RESULTS, 'e2e-replay-view-paused.png'));
    expect(graphed.byteAttribution!.shares.map((share) => share.field)).toContain('player.position');
    expect(await viewer.page.textContent('[data-testid=net-graph-bytes]')).toMatch(/position \d+ %/);

    // Play on at 8x from the sought tick to the end: every tick matches the recording.
    await viewer.page.selectOption('[data-testid=replay-speed]', '8');
    await viewer.waitFor((s) => asReplay(s).replay?.speed === 8, 'speed 8x');
    await viewer.page.click('[data-testid=replay-play]');
    const ended = asReplay(
      await viewer.waitFor(
        (s) => asReplay(s).replay?.paused === true && asReplay(s).replay?.tick === recording.ticks,
        'the end of the recording',
      ),
    );
    expect(ended.replay!.divergedAtTick).toBeNull();

    await viewer.screenshot(join(TEST_RESULTS, 'e2e-replay-view.png'));

    // Issue 16, bug 3: a press on the scrubber's handle without a drag. At tick 0 the handle sits
    // at the track's left end, so a press 4 px in lands on it whatever its width.
    await viewer.page.selectOption('[data-testid=replay-speed]', '1');
    await viewer.waitFor((s) => asReplay(s).replay?.speed === 1, 'speed 1x');
    await scrubTo(viewer, 0);
    await viewer.waitFor((s) => asReplay(s).replay?.tick === 0, 'tick 0');
    const track = (await viewer.page.locator('[data-testid=replay-scrubber]').boundingBox())!;
    await viewer.page.mouse.move(track.x + 4, track.y + track.height / 2);
    await viewer.page.mouse.down();
    await viewer.page.mouse.up();
    // the keys work again: Space resumes, and the time follows the playback
    expect(
      await viewer.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null),
    ).not.toBe('replay-scrubber');
    await viewer.page.keyboard.press('Space');
    await viewer.waitFor((s) => asReplay(s).replay?.paused === false, 'playing after Space');
    await waitFor(async () => {
      const label = (await viewer.page.textContent('[data-testid=replay-time]')) ?? '';
      return Number(/tick (\d+) \//.exec(label)?.[1] ?? 0) > 0;
    }, 'the time label following the playback');

    // Esc leaves for the lobby.
    await viewer.page.keyboard.press('Escape');
    const back = asReplay(await viewer.waitFor((s) => s.screen === 'lobby', 'the lobby'));
    expect(back.replay).toBeNull();
    expect(viewer.errors).toEqual([]);
    // the whole scenario plays seconds of real time in a browser (walking, playback at 1x and 8x):
    // a budget for all of it, as the other browser tests have; each step waits for its condition
  }, 90_000);
});

/** Polls GET /api/recordings until the recorded match is finished (its room closed). */
async function waitForRecording(): Promise<{ name: string; ticks: number }> {
  return waitFor(async () => {
    const listed = (await (await fetch(`${url}/api/recordings`)).json()) as {
      recordings: { name: string; ticks: number; isComplete: boolean }[];
    };
    return listed.recordings.find((recording) => recording.isComplete);
  }, 'the recording finished');
}
