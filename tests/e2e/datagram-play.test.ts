import { PLAYER_RADIUS_UNITS } from '@arena/protocol';
import { waitFor } from '@arena/testing';
import { expect, test } from 'vitest';
import { parsePrometheusText, sampleValue } from '../support/prometheus-text';
import { ArenaPage, type HookPlayer, type HookState } from './arena-page';
import { useGameInChromium } from './game-in-chromium';

/**
 * The browser's datagram channel (docs/netcode.md "Datagrams"): pages in Chromium negotiate an
 * RTCPeerConnection with the server's node-datachannel over Socket.IO, on loopback, and play
 * over it; a page whose channel never opens plays on over the WebSocket. Waits are bounded
 * conditions, never sleeps.
 */

/**
 * How long a channel may take to open here, on the server (which gives up after 5 s by default)
 * and on the pages that must get one (6 s by default, `?datagramOpenMs=`): under two CPU hogs and
 * other browser tests a page can draw a few frames a second, and its DTLS handshake takes as long.
 */
const SERVER_OPEN_MS = 20_000;
const PAGE_OPEN = `datagramOpenMs=${SERVER_OPEN_MS + 4000}`;
/** Longer than a page's limit: a wait for the channel ends on it or on the page's fallback. */
const CHANNEL_WAIT_MS = 45_000;

// a room is created before the pages that join it load, which takes a while on a busy machine
const game = useGameInChromium({ roomUnjoinedMs: 60_000 }, { datagrams: { openTimeoutMs: SERVER_OPEN_MS } });
/** How far a player held on one key goes before the other page is taken to have seen it move. */
const MOVED_UNITS = 40;

async function createRoom(id: string, transport: 'datagram' | 'websocket'): Promise<void> {
  const response = await fetch(`${game.url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, seed: 7, tickRateHz: 30, maxPlayers: 4, transport }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

async function open(label: string, query = ''): Promise<ArenaPage> {
  const page = await ArenaPage.open(game.browser, `${game.url}/${query}`, label);
  game.pages.push(page);
  await page.setName(label);
  return page;
}

/** A movement key whose direction is open for a while from `at` (no wall, no arena edge). */
function openDirection(at: HookPlayer, state: HookState): string {
  const arena = state.arena!;
  const isOpen = (dx: number, dy: number) => {
    for (let d = 0; d <= 2 * MOVED_UNITS; d += 8) {
      const x = at.x + dx * d;
      const y = at.y + dy * d;
      if (x < PLAYER_RADIUS_UNITS || y < PLAYER_RADIUS_UNITS) return false;
      if (x > arena.width - PLAYER_RADIUS_UNITS || y > arena.height - PLAYER_RADIUS_UNITS) return false;
      const inside = (w: (typeof arena.walls)[number]) =>
        x + PLAYER_RADIUS_UNITS > w.x &&
        x - PLAYER_RADIUS_UNITS < w.x + w.width &&
        y + PLAYER_RADIUS_UNITS > w.y &&
        y - PLAYER_RADIUS_UNITS < w.y + w.height;
      if (arena.walls.some(inside)) return false;
    }
    return true;
  };
  const directions = [
    { key: 'KeyD', dx: 1, dy: 0 },
    { key: 'KeyA', dx: -1, dy: 0 },
    { key: 'KeyS', dx: 0, dy: 1 },
    { key: 'KeyW', dx: 0, dy: -1 },
  ];
  return (directions.find(({ dx, dy }) => isOpen(dx, dy)) ?? directions[0]!).key;
}

/** `mover` holds a key towards open space until `watcher` sees it move. */
async function seeMove(mover: ArenaPage, watcher: ArenaPage): Promise<void> {
  const moverState = await mover.state();
  const id = moverState.playerId!;
  const seen = (s: HookState) => s.players.find((player) => player.id === id);
  const before = seen(await watcher.waitFor((s) => seen(s) !== undefined, `${mover.label} drawn`))!;
  const key = openDirection(moverState.self!, moverState);
  await mover.page.keyboard.down(key);
  try {
    await watcher.waitFor((s) => {
      const now = seen(s);
      return now !== undefined && Math.hypot(now.x - before.x, now.y - before.y) > MOVED_UNITS;
    }, `${watcher.label} to see ${mover.label} move (${key})`);
  } finally {
    await mover.page.keyboard.up(key);
  }
}

/**
 * Opens the net graph (N) once seated: opened with the page (`?netgraph=1`), its first poll of the
 * room's byte attribution may come before the room's first snapshot, a 409 the console reports.
 */
async function showNetGraph(page: ArenaPage): Promise<void> {
  await page.page.keyboard.press('KeyN');
}

/** Waits for the net graph's path line (redrawn every 125 ms) to match. */
async function netGraphPath(page: ArenaPage, expected: RegExp): Promise<string> {
  let last = '';
  return waitFor(
    async () => {
      last = (await page.page.textContent('[data-testid=net-graph-path]')) ?? '';
      return expected.test(last) ? last : undefined;
    },
    `${page.label}: the net graph's path line`,
    { timeoutMs: 15_000, pollMs: 50, detail: () => `last: "${last}"` },
  );
}

test('two players in a datagram room both play over the channel and see each other move', async () => {
  // alice creates the room from the lobby with datagrams chosen; bob joins it with the default
  const alice = await open('alice', `?${PAGE_OPEN}`);
  await alice.page.click('[data-testid=custom-room] summary');
  await alice.page.fill('[data-testid=custom-id]', 'e2e-dgram');
  await alice.page.selectOption('[data-testid=custom-transport]', 'datagram');
  await alice.page.click('[data-testid=create-room]');
  await alice.waitFor((s) => s.screen === 'arena' && s.roomId === 'e2e-dgram' && s.self !== null, 'seated');
  // One handshake at a time (concurrent DTLS handshakes are the known problem): bob joins once
  // alice's channel is open.
  await alice.waitFor((s) => s.transport.path === 'datagram', 'alice on datagrams', CHANNEL_WAIT_MS);
  const bob = await open('bob', `?${PAGE_OPEN}`);
  await bob.joinFromList('e2e-dgram');
  await showNetGraph(alice);
  await showNetGraph(bob);
  await bob.waitFor((s) => s.transport.path === 'datagram', 'bob on datagrams', CHANNEL_WAIT_MS);

  await seeMove(bob, alice);
  await seeMove(alice, bob);

  for (const page of [alice, bob]) {
    const transport = (
      await page.waitFor((s) => s.transport.datagramsReceived > 0, `${page.label}'s datagrams`)
    ).transport;
    expect(transport).toMatchObject({ path: 'datagram', fallbackReason: null });
    expect(transport.datagramLossPct).not.toBeNull();
    await netGraphPath(page, /^path datagram · datagram loss \d+\.\d % \(\d+ received\)$/);
  }
  // the server took inputs from both channels and sent snapshots over them
  const samples = parsePrometheusText(await (await fetch(`${game.url}/metrics`)).text());
  expect(sampleValue(samples, 'arena_clients_by_path', { path: 'datagram' })).toBe(2);
  expect(sampleValue(samples, 'arena_datagrams_total', { direction: 'in' })).toBeGreaterThan(0);
  expect(sampleValue(samples, 'arena_datagrams_total', { direction: 'out' })).toBeGreaterThan(0);
  expect([...alice.errors, ...bob.errors]).toEqual([]);
}, 150_000);

test('a page whose channel never opens plays on over the WebSocket and says why', async () => {
  await createRoom('e2e-dgram-blocked', 'datagram');
  // carol's page ignores the server's answer (the test hook), as a network without UDP would
  const carol = await open('carol', '?transport=datagram&blockDatagrams=1');
  const dave = await open('dave', '?transport=websocket');
  await carol.joinFromList('e2e-dgram-blocked');
  await dave.joinFromList('e2e-dgram-blocked');
  await showNetGraph(carol);
  const fellBack = await carol.waitFor(
    (s) => s.transport.fallbackReason !== null,
    'carol’s fallback',
    CHANNEL_WAIT_MS,
  );
  expect(fellBack.transport).toMatchObject({ path: 'websocket', datagramsReceived: 0 });
  expect(fellBack.transport.fallbackReason).toMatch(/did not open/);
  await netGraphPath(carol, /^path websocket \(datagram channel failed: .*did not open/);
  // dave asked for the WebSocket: no channel, nothing failed
  expect((await dave.state()).transport).toMatchObject({ path: 'websocket', fallbackReason: null });

  await seeMove(carol, dave);
  await seeMove(dave, carol);
  expect([...carol.errors, ...dave.errors]).toEqual([]);
}, 150_000);

test('a bad ?transport= is told and plays over the WebSocket; a room without datagrams is no failure', async () => {
  await createRoom('e2e-ws-only', 'websocket');
  const erin = await open('erin', '?transport=udp');
  expect((await erin.state()).notices.join('\n')).toMatch(/"udp" is not one of websocket, datagram/);
  await erin.joinFromList('e2e-ws-only');
  const frank = await open('frank');
  await frank.joinFromList('e2e-ws-only');
  await showNetGraph(frank);
  // frank offered (the default) and was told the room has no datagrams: said quietly
  await netGraphPath(frank, /^path websocket$/);
  await seeMove(frank, erin);
  for (const page of [erin, frank]) {
    expect((await page.state()).transport).toEqual({
      path: 'websocket',
      fallbackReason: null,
      datagramLossPct: null,
      datagramsReceived: 0,
    });
  }
  expect([...erin.errors, ...frank.errors]).toEqual([]);
}, 150_000);
