import { expect, test } from 'vitest';
import { parsePrometheusText, sampleValue } from '../support/prometheus-text';
import { ArenaPage } from './arena-page';
import { useGameInChromium } from './game-in-chromium';
import { type BotHookState, shootABotDown } from './shoot-a-bot-down';

/**
 * A fight played over the datagram channel in Chromium (docs/netcode.md "Datagrams"): on a
 * server whose rooms offer datagrams, a player presses Quick play, finds the server's bots, and
 * shoots one down with the mouse while every snapshot, input and ack of the room travels as a
 * datagram; the bot dies, is counted, and comes back. Waits are bounded conditions, never sleeps.
 */

const NAME = 'Udp';
/**
 * How long the channel may take to open here, on the server (5 s by default) and on the page (6 s
 * by default, `?datagramOpenMs=`): under two CPU hogs and other browser tests a page can draw a
 * few frames a second, and its DTLS handshake takes as long.
 */
const SERVER_OPEN_MS = 20_000;
/** Longer than the page's limit: the wait ends on the channel or on the page's fallback. */
const CHANNEL_WAIT_MS = 45_000;

const game = useGameInChromium(
  { minFighters: 4, tickRateHz: 30, snapshotRateHz: 30, transport: 'datagram' },
  { datagrams: { openTimeoutMs: SERVER_OPEN_MS } },
);

test('a player on datagrams moves, aims, fires and shoots a bot down; the channel carries the whole fight', async () => {
  const page = await ArenaPage.open(
    game.browser,
    `${game.url}/?transport=datagram&datagramOpenMs=${SERVER_OPEN_MS + 4000}`,
    'udp',
  );
  game.pages.push(page);
  await page.setName(NAME);
  await page.page.click('[data-testid=quick-play]');
  await page.waitFor(
    (s) => s.screen === 'arena' && s.self !== null && (s as BotHookState).players.some((p) => p.isBot),
    'seated beside the bots',
    30_000,
  );
  await page.waitFor((s) => s.transport.path === 'datagram', 'on datagrams', CHANNEL_WAIT_MS);
  const receivedBefore = (await page.state()).transport.datagramsReceived;

  const kill = await shootABotDown(page, NAME);

  // the channel never closed meanwhile (a fallback would name its reason) and kept carrying snapshots
  const after = (await page.state()).transport;
  expect(after).toMatchObject({ path: 'datagram', fallbackReason: null });
  expect(after.datagramsReceived).toBeGreaterThan(receivedBefore);
  // the server took this player's inputs, shots included, from the channel
  const samples = parsePrometheusText(await (await fetch(`${game.url}/metrics`)).text());
  expect(sampleValue(samples, 'arena_clients_by_path', { path: 'datagram' })).toBe(1);
  expect(sampleValue(samples, 'arena_datagrams_total', { direction: 'in' })).toBeGreaterThan(0);
  // the rest of the round: the kill counted, the bot back in the fight
  await page.waitFor(
    (s) => ((s.self as { score?: number } | null)?.score ?? 0) >= 1,
    'the kill in the player’s score',
  );
  await page.waitFor(
    (s) => (s as BotHookState).players.some((p) => p.name === kill.victim && p.hp > 0),
    `${kill.victim} back in the arena`,
    30_000,
  );
  expect((await page.state()).transport.path).toBe('datagram');
  expect(page.errors).toEqual([]);
}, 420_000);
