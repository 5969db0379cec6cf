import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  circleOverlapsRect,
  ErrorCode,
  PLAYER_MAX_HP,
  PLAYER_RADIUS_UNITS,
  PROJECTILE_LIFETIME_MS,
  PROJECTILE_SPEED_UNITS_PER_S,
} from '@arena/protocol';
import { World } from '@arena/server';
import { describe, expect, test } from 'vitest';
import { ArenaPage, type HookPlayer, type HookState } from './arena-page';
import { TEST_RESULTS } from './chromium';
import { useGameInChromium } from './game-in-chromium';
import { hasLineOfFire } from './line-of-fire';

/** Farther than this, a projectile expires before it arrives (with a margin for the spawn offset). */
const MAX_SHOT_DISTANCE_UNITS = ((PROJECTILE_SPEED_UNITS_PER_S * PROJECTILE_LIFETIME_MS) / 1000) * 0.8;
/** How far from the shooter, along the aim, the mouse is put (world units): always on screen. */
const AIM_POINT_DISTANCE_UNITS = 120;
const TICK_RATE_HZ = 30;

/**
 * Map seeds where the first two players spawn in sight of each other at a modest distance, so a
 * shot from one reaches the other. Spawns are chosen away from enemies (server sim/spawn.ts), so
 * few seeds do: they are found by the server's own World, as a room with that seed seats its
 * first two players, and so follow any change to map generation or spawn choice.
 */
const DUEL_SEEDS = findDuelSeeds(6);

function findDuelSeeds(count: number): number[] {
  const seeds: number[] = [];
  for (let seed = 1; seeds.length < count && seed < 5000; seed++) {
    const world = new World({ mode: 'arena', tickRateHz: TICK_RATE_HZ, seed });
    const asHook = (player: { id: number; name: string; x: number; y: number; hp: number }) => ({
      ...player,
      isSelf: false,
    });
    const first = asHook(world.addPlayer(1, 'a'));
    const second = asHook(world.addPlayer(2, 'b'));
    if (hasLineOfFire(first, second, world.map.walls, MAX_SHOT_DISTANCE_UNITS)) seeds.push(seed);
  }
  return seeds;
}

// a room is created before the pages that join it load, which takes a while on a busy machine
const game = useGameInChromium({ roomUnjoinedMs: 60_000 });

async function createRoom(id: string, seed: number): Promise<void> {
  const response = await fetch(`${game.url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, seed, tickRateHz: TICK_RATE_HZ, snapshotRateHz: TICK_RATE_HZ, maxPlayers: 2 }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

/** A movement key whose direction is open for a while from `at` (no wall, no arena edge). */
function openDirection(at: HookPlayer, state: HookState): string {
  const directions = [
    { key: 'KeyD', dx: 1, dy: 0 },
    { key: 'KeyA', dx: -1, dy: 0 },
    { key: 'KeyS', dx: 0, dy: 1 },
    { key: 'KeyW', dx: 0, dy: -1 },
  ];
  const arena = state.arena!;
  const isOpen = (dx: number, dy: number) => {
    for (let d = 0; d <= 120; d += 8) {
      const x = at.x + dx * d;
      const y = at.y + dy * d;
      if (x < PLAYER_RADIUS_UNITS || y < PLAYER_RADIUS_UNITS) return false;
      if (x > arena.width - PLAYER_RADIUS_UNITS || y > arena.height - PLAYER_RADIUS_UNITS) return false;
      if (arena.walls.some((wall) => circleOverlapsRect(x, y, PLAYER_RADIUS_UNITS, wall))) return false;
    }
    return true;
  };
  return (directions.find(({ dx, dy }) => isOpen(dx, dy)) ?? directions[0]!).key;
}

const playerIn = (state: HookState, id: number) => state.players.find((player) => player.id === id);

describe('the browser game, end to end', () => {
  test('one player moves and the other sees it; a shot lowers the other’s hp; no console errors', async () => {
    const alice = await ArenaPage.open(game.browser, game.url, 'alice');
    const bob = await ArenaPage.open(game.browser, game.url, 'bob');
    game.pages.push(alice, bob);
    await alice.setName('alice');
    await bob.setName('bob');

    // A room with a fixed map; both join it from the live room list.
    let aliceState: HookState | undefined;
    for (const seed of DUEL_SEEDS) {
      const roomId = `e2e-duel-${seed}`;
      await createRoom(roomId, seed);
      await alice.joinFromList(roomId);
      await bob.joinFromList(roomId);
      const seated = await alice.waitFor(
        (s) => s.players.length === 2 && s.framesDrawn > 10,
        'both players drawn',
      );
      const me = seated.self!;
      const other = seated.players.find((player) => !player.isSelf)!;
      if (hasLineOfFire(me, other, seated.arena!.walls, MAX_SHOT_DISTANCE_UNITS)) {
        aliceState = seated;
        break;
      }
      await alice.leave();
      await bob.leave();
    }
    if (aliceState === undefined) throw new Error(`no seed of ${DUEL_SEEDS.join(', ')} gives a clear shot`);
    const aliceId = aliceState.playerId!;
    const bobState = await bob.waitFor((s) => s.players.length === 2, 'bob sees both players');
    const bobId = bobState.playerId!;
    expect(bobState.players.find((player) => !player.isSelf)?.name).toBe('alice');

    // Alice fires at bob: the mouse goes on the line towards him, the button is held until he is hit.
    const shooter = aliceState.self!;
    const target = playerIn(aliceState, bobId)!;
    const distance = Math.hypot(target.x - shooter.x, target.y - shooter.y);
    const aimWorld = {
      x: shooter.x + ((target.x - shooter.x) / distance) * AIM_POINT_DISTANCE_UNITS,
      y: shooter.y + ((target.y - shooter.y) / distance) * AIM_POINT_DISTANCE_UNITS,
    };
    const aimScreen = await alice.worldToScreen(aimWorld.x, aimWorld.y);
    expect(aimScreen).not.toBeNull();
    const underMouse = await alice.page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.tagName,
      [aimScreen!.x, aimScreen!.y],
    );
    expect(
      underMouse,
      `element at ${JSON.stringify(aimScreen)} (aiming at ${JSON.stringify(aimWorld)})`,
    ).toBe('CANVAS');
    await alice.page.mouse.move(aimScreen!.x, aimScreen!.y);
    await alice.page.mouse.down();
    try {
      const hit = await bob.waitFor((s) => (s.self?.hp ?? PLAYER_MAX_HP) < PLAYER_MAX_HP, 'bob’s hp to drop');
      expect(hit.self!.hp).toBeLessThan(PLAYER_MAX_HP);
    } finally {
      await alice.page.mouse.up();
    }
    // Alice's view of bob (interpolated) shows the damage too, and she got a hit marker for it.
    await alice.waitFor(
      (s) => (playerIn(s, bobId)?.hp ?? PLAYER_MAX_HP) < PLAYER_MAX_HP,
      'alice to see bob hurt',
    );
    await alice.waitFor(
      (s) => (s as HookState & { hitsLanded: number }).hitsLanded > 0,
      'alice’s hit marker',
    );

    // Bob holds a movement key; alice sees him move.
    const bobBefore = (await bob.state()).self!;
    const seenBefore = playerIn(await alice.state(), bobId)!;
    const key = openDirection(bobBefore, aliceState);
    await bob.page.keyboard.down(key);
    try {
      await alice.waitFor((s) => {
        const seen = playerIn(s, bobId);
        return seen !== undefined && Math.hypot(seen.x - seenBefore.x, seen.y - seenBefore.y) > 40;
      }, `alice to see bob move (${key})`);
    } finally {
      await bob.page.keyboard.up(key);
    }
    const bobAfter = (await bob.state()).self!;
    expect(Math.hypot(bobAfter.x - bobBefore.x, bobAfter.y - bobBefore.y)).toBeGreaterThan(40);

    // Room chat reaches the other player, as text.
    await alice.page.keyboard.press('Enter');
    await alice.page.keyboard.type('gg <b>bob</b>');
    await alice.page.keyboard.press('Enter');
    await bob.waitFor(
      (s) =>
        s.chat.some(
          (line) => line.scope === 'room' && line.name === 'alice' && line.text === 'gg <b>bob</b>',
        ),
      'alice’s chat line',
    );
    expect(await bob.page.locator('.hud-chat b').count()).toBe(0);

    mkdirSync(TEST_RESULTS, { recursive: true });
    await alice.screenshot(join(TEST_RESULTS, 'e2e-two-players-alice.png'));
    await bob.screenshot(join(TEST_RESULTS, 'e2e-two-players-bob.png'));
    expect((await alice.state()).playerId).toBe(aliceId);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  }, 150_000);

  test('a page that loses its connection takes its seat back, same player, same place', async () => {
    const carol = await ArenaPage.open(game.browser, game.url, 'carol');
    game.pages.push(carol);
    await createRoom('e2e-rejoin', DUEL_SEEDS[0]!);
    const seated = await carol.joinFromList('e2e-rejoin');
    const context = carol.page.context();
    await context.setOffline(true);
    await carol.waitFor((s) => s.screen !== 'arena', 'the page to notice the lost connection');
    await context.setOffline(false);
    const back = await carol.waitFor(
      (s) => s.screen === 'arena' && s.self !== null && !s.isErrorShown,
      'the seat to be taken back',
    );
    expect(back.roomId).toBe('e2e-rejoin');
    expect(back.playerId).toBe(seated.playerId);
    expect(Math.hypot(back.self!.x - seated.self!.x, back.self!.y - seated.self!.y)).toBeLessThan(1);
    // A reconnect attempt that falls inside the cut (on a busy machine the cut lasts longer) makes
    // Chromium itself log that the connection failed while offline: the network's doing, not the game's.
    const isOfflineAttempt = (error: string) => /net::ERR_INTERNET_DISCONNECTED/.test(error);
    expect(carol.errors.filter((error) => !isOfflineAttempt(error))).toEqual([]);
  }, 60_000);

  test('a room link (?room=&name=, what cluster redirects use) joins that room at once, under that name', async () => {
    await createRoom('e2e-linked', 11);
    const linked = await ArenaPage.open(
      game.browser,
      `${game.url}/?room=e2e-linked&name=Linked`,
      'linked',
      (s) => s.screen === 'arena',
    );
    game.pages.push(linked);
    const state = await linked.waitFor((s) => s.self !== null, 'the own player');
    expect(state.roomId).toBe('e2e-linked');
    expect(state.self?.name).toBe('Linked');
    expect(linked.errors).toEqual([]);
  });

  test('with ?inputs=aligned the inputs go out on the tick-aligned timer: a held key moves the player for everyone', async () => {
    await createRoom('e2e-aligned', DUEL_SEEDS[0]!);
    const mover = await ArenaPage.open(
      game.browser,
      `${game.url}/?room=e2e-aligned&name=Aligned&inputs=aligned`,
      'aligned',
      (s) => s.screen === 'arena',
    );
    const watcher = await ArenaPage.open(
      game.browser,
      `${game.url}/?room=e2e-aligned&name=Watcher`,
      'watcher',
      (s) => s.screen === 'arena',
    );
    game.pages.push(mover, watcher);
    const seated = await mover.waitFor((s) => s.self !== null && s.players.length === 2, 'both players');
    const moverId = seated.playerId!;
    const seenBefore = playerIn(
      await watcher.waitFor((s) => playerIn(s, moverId) !== undefined, 'the mover'),
      moverId,
    )!;
    const key = openDirection(seated.self!, seated);
    await mover.page.keyboard.down(key);
    try {
      await watcher.waitFor((s) => {
        const seen = playerIn(s, moverId);
        return seen !== undefined && Math.hypot(seen.x - seenBefore.x, seen.y - seenBefore.y) > 40;
      }, `the watcher to see the aligned player move (${key})`);
    } finally {
      await mover.page.keyboard.up(key);
    }
    // The lead exists only in aligned timing, and never exceeds half a tick period.
    const lead = (await mover.state()).inputLeadMs;
    expect(lead).not.toBeNull();
    expect(lead!).toBeGreaterThan(0);
    expect(lead!).toBeLessThanOrEqual(1000 / TICK_RATE_HZ / 2 + 1e-9);
    expect((await watcher.state()).inputLeadMs).toBeNull();
    expect([...mover.errors, ...watcher.errors]).toEqual([]);
  });

  test('joining a full room says so in words and leads back to the lobby', async () => {
    const dave = await ArenaPage.open(game.browser, game.url, 'dave');
    const erin = await ArenaPage.open(game.browser, game.url, 'erin');
    game.pages.push(dave, erin);
    const response = await fetch(`${game.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'e2e-solo', maxPlayers: 1 }),
    });
    expect(response.status).toBe(201);
    await dave.joinFromList('e2e-solo');
    // The list marks the room full for erin; a stale click (or a race) is refused by the server.
    await erin.waitFor(
      (s) => s.rooms.some((room) => room.id === 'e2e-solo' && room.players === 1),
      'the room full',
    );
    await erin.page.evaluate(() => {
      const button = document.querySelector<HTMLButtonElement>('button[data-room="e2e-solo"]')!;
      button.disabled = false;
      button.click();
    });
    const refused = await erin.waitFor((s) => s.isErrorShown, 'the error screen');
    expect(refused.lastError?.code).toBe('ARENA_ERR_ROOM_FULL');
    await expect.poll(() => erin.page.locator('.error-title').textContent()).toBe('That room is full');
    await erin.page.click('.error-overlay button');
    await erin.waitFor((s) => s.screen === 'lobby' && !s.isErrorShown, 'the lobby again');
    expect([...dave.errors, ...erin.errors]).toEqual([]);
  }, 60_000);

  // Last in this file: the rooms it makes would push earlier tests' rooms out of the lobby list.
  test('with more rooms than the lobby pushes, the list stays at 50 and says how many are not shown', async () => {
    const many: string[] = [];
    for (let i = 0; i < 55; i++) {
      const created = game.server.directory.create(
        { id: `e2e-many-${String(i).padStart(2, '0')}` },
        { address: '127.0.0.1', isExempt: true },
      );
      if (created.ok) many.push(created.value.id);
    }
    try {
      const frank = await ArenaPage.open(game.browser, game.url, 'frank');
      game.pages.push(frank);
      await frank.waitFor((s) => s.rooms.length === 50, 'a room list of 50');
      const hint = await frank.page.textContent('[data-testid=more-rooms]');
      const hidden = Number(/(\d+) more rooms? not shown/.exec(hint ?? '')?.[1]);
      expect(hidden, hint ?? '').toBeGreaterThanOrEqual(5);
      expect(await frank.page.isVisible('[data-testid=more-rooms]')).toBe(true);
      expect(frank.errors).toEqual([]);
    } finally {
      for (const id of many) game.server.directory.get(id)?.close(ErrorCode.ROOM_CLOSED, 'test over');
    }
  });
});
