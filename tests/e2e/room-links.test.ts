import type { ArenaServer } from '@arena/server';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { startTestServer } from '../support/test-server';
import { ArenaPage } from './arena-page';
import { CLIENT_DIST, ensureClientBuilt, launchChromium } from './chromium';

/** Room links a new player may be given (issue 16, bugs 1 and 5), in a real browser. */
let server: ArenaServer | undefined;
let url = '';
let browser: Browser | undefined;
const pages: ArenaPage[] = [];

beforeAll(async () => {
  ensureClientBuilt();
  ({ server, url } = await startTestServer({ clientDir: CLIENT_DIST }));
  browser = await launchChromium();
}, 240_000);

afterEach(async () => {
  for (const page of pages.splice(0)) await page.close().catch(() => {});
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.shutdown();
}, 30_000);

test('a link to a room id no room can have says why in words, leaves the address, and the lobby works', async () => {
  const page = await ArenaPage.open(browser!, `${url}/?room=Bad%20Room!&name=Ivy&interpMs=120`, 'bad-link');
  pages.push(page);
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
    browser!,
    `${url}/?room=any&name=${'n'.repeat(300)}`,
    'long-name',
    (s) => s.screen === 'arena',
  );
  pages.push(page);
  const state = await page.waitFor((s) => s.self !== null, 'a seat');
  expect(state.self!.name).toBe('n'.repeat(16));
  expect(state.notices).toEqual(['The name in the link was cut to 16 characters: "nnnnnnnnnnnnnnnn".']);
});
