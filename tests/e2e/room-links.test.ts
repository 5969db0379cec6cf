import { expect, test } from 'vitest';
import { ArenaPage } from './arena-page';
import { useGameInChromium } from './game-in-chromium';

/** Room links a new player may be given (issue 16, bugs 1 and 5), in a real browser. */
const game = useGameInChromium();

test('a link to a room id no room can have says why in words, leaves the address, and the lobby works', async () => {
  const page = await ArenaPage.open(
    game.browser,
    `${game.url}/?room=Bad%20Room!&name=Ivy&interpMs=120`,
    'bad-link',
  );
  game.pages.push(page);
  const state = await page.state();
  expect(state.notices).toEqual([
    expect.stringMatching(/^The link names the room "Bad Room!", which no room can be called/),
  ]);
  expect(new URL(page.page.url()).search).toBe('?interpMs=120');
  expect(await page.page.isEnabled('[data-testid=quick-play]')).toBe(true);
  await page.page.click('[data-testid=quick-play]');
  await page.waitFor((s) => s.screen === 'arena' && s.self !== null, 'a seat from Quick play');
  expect(page.errors).toEqual([]);
});

test('a name too long in a link is cut to 16 characters, and the player is told', async () => {
  const page = await ArenaPage.open(
    game.browser,
    `${game.url}/?room=any&name=${'n'.repeat(300)}`,
    'long-name',
    (s) => s.screen === 'arena',
  );
  game.pages.push(page);
  const state = await page.waitFor((s) => s.self !== null, 'a seat');
  expect(state.self!.name).toBe('n'.repeat(16));
  expect(state.notices).toEqual(['The name in the link was cut to 16 characters: "nnnnnnnnnnnnnnnn".']);
});
