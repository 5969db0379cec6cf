import type { ArenaServer, CreateServerExtras, ServerOptions } from '@arena/server';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestServer } from '../support/test-server';
import type { ArenaPage } from './arena-page';
import { CLIENT_DIST, ensureClientBuilt, launchChromium } from './chromium';

/** What an e2e file plays with: set once its beforeAll has run. */
export interface GameInChromium {
  readonly server: ArenaServer;
  readonly url: string;
  readonly browser: Browser;
  /** Pages a test opened: closed when it ends. */
  readonly pages: ArenaPage[];
}

/**
 * Registers the hooks of an e2e file: a game server serving the built client (`options` beside
 * it) and one Chromium for the file. Each test's pages close with it: an open page keeps
 * rendering its room at 60 frames a second, and on a busy machine the pages of earlier tests
 * starve the next test's page of CPU.
 */
export function useGameInChromium(
  options: Partial<ServerOptions> = {},
  extras: CreateServerExtras = {},
): GameInChromium {
  let server: ArenaServer | undefined;
  let url = '';
  let browser: Browser | undefined;
  const pages: ArenaPage[] = [];
  beforeAll(async () => {
    ensureClientBuilt();
    ({ server, url } = await startTestServer({ clientDir: CLIENT_DIST, ...options }, extras));
    browser = await launchChromium();
  }, 240_000);
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close().catch(() => {});
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await server?.shutdown();
  }, 30_000);
  return {
    get server() {
      return server!;
    },
    get url() {
      return url;
    },
    get browser() {
      return browser!;
    },
    pages,
  };
}
