import { circleOverlapsRect, PLAYER_RADIUS_UNITS } from '@arena/protocol';
import type { CDPSession } from 'playwright-core';
import { expect, test } from 'vitest';
import { ArenaPage, type HookPlayer, type HookState } from './arena-page';
import { useGameInChromium } from './game-in-chromium';

/** Issue 16: on a phone, a left stick moves and a right stick aims and fires while held. */
const game = useGameInChromium({ roomUnjoinedMs: 60_000 });

const PHONE = {
  viewport: { width: 844, height: 390 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
} as const;

/** The direction with the longest open run from `at` (no wall, no arena edge), as a unit vector. */
function openDirection(at: HookPlayer, state: HookState): { dx: number; dy: number } {
  const arena = state.arena!;
  const directions = [
    { dx: 1, dy: 0 },
    { dx: -1, dy: 0 },
    { dx: 0, dy: 1 },
    { dx: 0, dy: -1 },
  ];
  const openRun = ({ dx, dy }: { dx: number; dy: number }) => {
    for (let d = 0; d <= 400; d += 8) {
      const x = at.x + dx * d;
      const y = at.y + dy * d;
      if (x < PLAYER_RADIUS_UNITS || y < PLAYER_RADIUS_UNITS) return d;
      if (x > arena.width - PLAYER_RADIUS_UNITS || y > arena.height - PLAYER_RADIUS_UNITS) return d;
      if (arena.walls.some((wall) => circleOverlapsRect(x, y, PLAYER_RADIUS_UNITS, wall))) return d;
    }
    return Number.POSITIVE_INFINITY;
  };
  return directions.reduce((best, next) => (openRun(next) > openRun(best) ? next : best));
}

/** The centre of a stick on the page, CSS pixels. */
async function stickCentre(page: ArenaPage, testId: string): Promise<{ x: number; y: number }> {
  const box = await page.page.locator(`[data-testid=${testId}]`).boundingBox();
  expect(box, `${testId} on the page`).not.toBeNull();
  return { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 };
}

/** A finger put down at `from` and slid to `to` (real touch events, as a phone sends them). */
async function touchDrag(
  cdp: CDPSession,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ ...from, id: 1 }] });
  for (let step = 1; step <= 4; step++) {
    const x = from.x + ((to.x - from.x) * step) / 4;
    const y = from.y + ((to.y - from.y) * step) / 4;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y, id: 1 }] });
  }
}

async function lift(cdp: CDPSession): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

test('on a phone, dragging the move stick walks the player and holding the aim stick fires', async () => {
  const created = await fetch(`${game.url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'thumbs', maxPlayers: 4 }),
  });
  expect(created.status).toBe(201);
  const ann = await ArenaPage.open(
    game.browser,
    `${game.url}/?room=thumbs&name=ann`,
    'ann (phone)',
    (s) => s.screen === 'arena' && s.self !== null && s.framesDrawn > 5,
    PHONE,
  );
  game.pages.push(ann);
  const cdp = await ann.page.context().newCDPSession(ann.page);

  const before = await ann.state();
  const start = before.self!;
  const { dx, dy } = openDirection(start, before);
  const move = await stickCentre(ann, 'touch-stick-move');
  await touchDrag(cdp, move, { x: move.x + dx * 50, y: move.y + dy * 50 });
  const seenWhileMoving: number[] = [];
  try {
    await ann.waitFor((s) => {
      const self = s.self;
      seenWhileMoving.push((s as HookState & { projectiles: number }).projectiles);
      if (self === null) return false;
      // moved far enough, and the way the stick points
      const along = (self.x - start.x) * dx + (self.y - start.y) * dy;
      return along > 40;
    }, `ann to walk (${dx}, ${dy}) on the move stick`);
  } finally {
    await lift(cdp);
  }
  // a thumb on the move stick is not a tap on the arena: no shot all the way (12+ ticks)
  expect(seenWhileMoving.filter((count) => count > 0)).toEqual([]);

  // Aim the longest open way from where the player now stands: a shot into a wall close by
  // lives too briefly for the page to be seen drawing it.
  const walked = await ann.state();
  const aimAt = openDirection(walked.self!, walked);
  const aimAngle = Math.atan2(aimAt.dy, aimAt.dx);
  const aim = await stickCentre(ann, 'touch-stick-aim');
  await touchDrag(cdp, aim, { x: aim.x + aimAt.dx * 50, y: aim.y + aimAt.dy * 50 });
  try {
    await ann.waitFor(
      (s) => {
        const off = s.self === null ? Math.PI : s.self.angle - aimAngle;
        const isTurned = Math.abs(Math.atan2(Math.sin(off), Math.cos(off))) < 0.2;
        return isTurned && (s as HookState & { projectiles: number }).projectiles > 0;
      },
      `ann to turn to ${aimAngle.toFixed(2)} rad and fire, holding the aim stick`,
    );
  } finally {
    await lift(cdp);
  }
  expect(ann.errors).toEqual([]);
}, 120_000);
