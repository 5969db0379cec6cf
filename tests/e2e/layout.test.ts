import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@arena/testing';
import type { BrowserContextOptions } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { TestClient } from '../support/test-client';
import { ArenaPage } from './arena-page';
import { TEST_RESULTS } from './chromium';
import { useGameInChromium } from './game-in-chromium';

/**
 * Issue 16, "no overlap": in a room, with the net graph open, the scoreboard held and a toast up,
 * the HUD's panels and the Leave button do not cover each other, and none covers the own player.
 */
const ADMIN_TOKEN = 'layout-test-admin-token';
const game = useGameInChromium({ adminToken: ADMIN_TOKEN, roomUnjoinedMs: 60_000 });

/** The panels that must not overlap, by selector (see ui/hud-view.ts and styles.css). */
const PANELS = {
  hud: '[data-testid=hud-status]',
  chat: '[data-testid=hud-chat]',
  toasts: '.notices',
  netGraph: '.net-graph',
  minimap: '[data-testid=minimap]',
  scoreboard: '[data-testid=scoreboard]',
  leave: '[data-testid=leave]',
} as const;
/** On touch devices the sticks join them: a thumb on a stick must not sit on a panel either. */
const TOUCH_PANELS = {
  moveStick: '[data-testid=touch-stick-move]',
  aimStick: '[data-testid=touch-stick-aim]',
} as const;

interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

interface Measured {
  readonly boxes: Record<string, Box | null>;
  /** The own player's drawn circle on the screen. */
  readonly self: Box;
  readonly viewport: { readonly width: number; readonly height: number };
}

const SIZES: readonly { name: string; slug: string; context: BrowserContextOptions; isTouch: boolean }[] = [
  {
    name: 'a 1280x720 window',
    slug: 'desktop',
    context: { viewport: { width: 1280, height: 720 } },
    isTouch: false,
  },
  {
    name: 'a phone in landscape (844x390, touch)',
    slug: 'phone',
    context: { viewport: { width: 844, height: 390 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    isTouch: true,
  },
  {
    name: 'a tablet (1024x768, touch)',
    slug: 'tablet',
    context: { viewport: { width: 1024, height: 768 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    isTouch: true,
  },
];

const overlaps = (a: Box, b: Box) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

async function createRoom(id: string): Promise<void> {
  const response = await fetch(`${game.url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, maxPlayers: 8 }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

async function announce(text: string): Promise<void> {
  const response = await fetch(`${game.url}/api/announcements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text, level: 'warn' }),
  });
  expect(response.status).toBe(202);
}

describe('the arena layout', () => {
  test.each(SIZES)(
    'at $name, the HUD, chat, toasts, net graph, minimap, scoreboard and Leave never overlap or cover the own player',
    async ({ slug, context, isTouch }) => {
      const roomId = `layout-${slug}`;
      await createRoom(roomId);
      // others in the room fill the scoreboard and the chat
      const others = [await TestClient.connect(game.url), await TestClient.connect(game.url)];
      await others[0]!.join(roomId, 'bob-the-longest');
      await others[1]!.join(roomId, 'cat');
      try {
        const ann = await ArenaPage.open(
          game.browser,
          `${game.url}/?room=${roomId}&name=ann&netgraph=1`,
          `ann (${slug})`,
          (s) => s.screen === 'arena' && s.self !== null && s.players.length >= 3,
          context,
        );
        game.pages.push(ann);
        for (const line of [
          'hello there',
          'a longer line of chat that wraps onto a second line in the box',
          'gg',
        ]) {
          others[0]!.send({ type: 'chat', text: line });
        }
        await ann.waitFor(
          (s) => s.chat.filter((line) => line.scope === 'room').length >= 3,
          'the chat lines',
        );
        await ann.page.keyboard.down('Tab');
        const panels = isTouch ? { ...PANELS, ...TOUCH_PANELS } : PANELS;
        try {
          await announce(
            'The server restarts in ten minutes for an update: finish your round and come back soon',
          );
          // Everything measured in one go while the toast is up (it lasts a few seconds).
          // page.waitForFunction does not wait for an async predicate's promise: poll from here
          const measure = (selectors: Record<string, string>) =>
            ann.page.evaluate(async (selectors) => {
              type HookWindow = Window & {
                __arena: {
                  worldToScreen(x: number, y: number): Promise<{ x: number; y: number } | null>;
                  state(): { self: { x: number; y: number } | null };
                };
              };
              const arena = (window as unknown as HookWindow).__arena;
              const boxes: Record<
                string,
                { left: number; top: number; right: number; bottom: number } | null
              > = {};
              for (const [name, selector] of Object.entries(selectors)) {
                const element = document.querySelector(selector);
                const rect = element?.getBoundingClientRect();
                boxes[name] =
                  rect === undefined || rect.width === 0 || rect.height === 0
                    ? null
                    : { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
              }
              if (document.querySelector('.notice') === null || Object.values(boxes).includes(null))
                return null;
              const own = arena.state().self;
              if (own === null) return null;
              const centre = await arena.worldToScreen(own.x, own.y);
              const rim = await arena.worldToScreen(own.x + 16, own.y);
              if (centre === null || rim === null) return null;
              const radius = rim.x - centre.x;
              const self = {
                left: centre.x - radius,
                top: centre.y - radius,
                right: centre.x + radius,
                bottom: centre.y + radius,
              };
              // The camera reframes when a panel appears (it measures them every 200 ms, then
              // moves): measured once the player has stood at one screen point for 500 ms.
              const settling = window as unknown as {
                __settled?: { left: number; top: number; atMs: number };
              };
              const nowMs = performance.now();
              const last = settling.__settled;
              if (
                last === undefined ||
                Math.abs(last.left - self.left) > 1 ||
                Math.abs(last.top - self.top) > 1
              ) {
                settling.__settled = { left: self.left, top: self.top, atMs: nowMs };
                return null;
              }
              if (nowMs - last.atMs < 500) return null;
              return { boxes, self, viewport: { width: window.innerWidth, height: window.innerHeight } };
            }, selectors);
          const measured = (await waitFor(() => measure(panels), 'every panel up and the camera settled', {
            timeoutMs: 15_000,
            pollMs: 100,
          })) as Measured;
          mkdirSync(TEST_RESULTS, { recursive: true });
          await ann.screenshot(join(TEST_RESULTS, `e2e-layout-${slug}.png`));

          const named = Object.entries(measured.boxes) as [string, Box][];
          const clashes: string[] = [];
          for (let i = 0; i < named.length; i++) {
            for (let j = i + 1; j < named.length; j++) {
              const [a, boxA] = named[i]!;
              const [b, boxB] = named[j]!;
              if (overlaps(boxA, boxB))
                clashes.push(`${a} ${JSON.stringify(boxA)} overlaps ${b} ${JSON.stringify(boxB)}`);
            }
          }
          expect(clashes).toEqual([]);
          const covering = named.filter(([, box]) => overlaps(box, measured.self)).map(([name]) => name);
          expect(covering, `own player at ${JSON.stringify(measured.self)}`).toEqual([]);
          // and every panel is on the screen
          for (const [name, box] of named) {
            expect(box.left, name).toBeGreaterThanOrEqual(0);
            expect(box.top, name).toBeGreaterThanOrEqual(0);
            expect(box.right, name).toBeLessThanOrEqual(measured.viewport.width);
            expect(box.bottom, name).toBeLessThanOrEqual(measured.viewport.height);
          }
          expect(ann.errors).toEqual([]);
        } finally {
          await ann.page.keyboard.up('Tab');
        }
      } finally {
        for (const other of others) other.close();
      }
    },
    120_000,
  );
});
