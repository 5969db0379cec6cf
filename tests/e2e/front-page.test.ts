import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@arena/testing';
import { expect, test } from 'vitest';
import { ArenaPage, type HookState } from './arena-page';
import { useGameInChromium } from './game-in-chromium';

/** The player's front page (issue 16): Play first, a custom room, invite links, in a real browser. */
const game = useGameInChromium({ recordingsDir: mkdtempSync(join(tmpdir(), 'arena-e2e-front-')) });

/** The screen state machine's state (docs/game-client.md). */
const screenState = (state: HookState) => (state as HookState & { screenState: string }).screenState;

test('a name and Enter: the player is in a room at once', async () => {
  const page = await ArenaPage.open(game.browser, game.url, 'enter');
  game.pages.push(page);
  expect(screenState(await page.state())).toBe('lobby');
  // the name field comes first and has the cursor: typing a name and Enter is all it takes
  expect(await page.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
    'player-name',
  );
  expect(await page.page.isVisible('[data-testid=custom-tick-rate]')).toBe(false);
  await page.page.fill('[data-testid=player-name]', 'enterprise');
  await page.page.press('[data-testid=player-name]', 'Enter');
  const seated = await page.waitFor((s) => s.screen === 'arena' && s.self !== null, 'a seat after Enter');
  expect(seated.self!.name).toBe('enterprise');
  expect(screenState(seated)).toBe('playing');
  await page.leave();
  expect(screenState(await page.state())).toBe('lobby');
  expect(page.errors).toEqual([]);
});

test('a custom room is created with the chosen tick rate and recording, and its invite link is copied', async () => {
  const host = await ArenaPage.open(game.browser, game.url, 'host', undefined, {
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const friend = await ArenaPage.open(game.browser, game.url, 'friend');
  game.pages.push(host, friend);
  await host.setName('host');
  await host.page.click('[data-testid=custom-room] summary');
  await host.page.fill('[data-testid=custom-id]', 'custom-30');
  await host.page.selectOption('[data-testid=custom-tick-rate]', '30');
  await host.page.check('[data-testid=custom-record]');
  await host.page.click('[data-testid=create-room]');
  await host.waitFor((s) => s.screen === 'arena' && s.roomId === 'custom-30' && s.self !== null, 'seated');
  const listed = (await (await fetch(`${game.url}/api/rooms`)).json()) as {
    rooms: { id: string; tickRateHz: number; recording: boolean }[];
  };
  expect(listed.rooms.find((room) => room.id === 'custom-30')).toMatchObject({
    tickRateHz: 30,
    recording: true,
  });

  // Another player on the front page sees the room and its recording in progress.
  await friend.waitFor((s) => s.rooms.some((room) => room.id === 'custom-30'), 'the room listed');
  await friend.page.waitForSelector('tr[data-recording-room="custom-30"]:has-text("recording…")', {
    timeout: 15_000,
  });

  // The host copies the invite link from the game.
  await host.page.click('[data-testid=copy-invite]');
  await host.page.waitForSelector('[data-testid=invite-status]:has-text("Link copied")');
  const invite = `${game.url}/?room=custom-30`;
  expect(await host.page.inputValue('[data-testid=invite-url]')).toBe(invite);
  expect(await host.page.evaluate(() => navigator.clipboard.readText())).toBe(invite);

  // Without a clipboard (plain http on a LAN) the link is shown selected, to copy by hand.
  await friend.page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
  await friend.page.click('button[data-invite-room="custom-30"]');
  await friend.page.waitForSelector('[data-testid=invite-status]:has-text("Copy this link")');
  expect(await friend.page.inputValue('[data-testid=invite-url]')).toBe(invite);
  const selected = await friend.page.evaluate(() => {
    const field = document.activeElement as HTMLInputElement | null;
    return field?.value.slice(field.selectionStart ?? 0, field.selectionEnd ?? 0);
  });
  expect(selected).toBe(invite);

  // The link works: it seats the friend in the host's room.
  const guest = await ArenaPage.open(game.browser, invite, 'guest', (s) => s.screen === 'arena');
  game.pages.push(guest);
  const joined = await guest.waitFor((s) => s.self !== null, 'a seat from the link');
  expect(joined.roomId).toBe('custom-30');
  await waitFor(async () => (await host.state()).players.length === 2, 'the host sees the guest');
  expect([...host.errors, ...friend.errors, ...guest.errors]).toEqual([]);
}, 60_000);
