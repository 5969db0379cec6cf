import { expect, test } from 'vitest';
import { ArenaPage, type HookState } from './arena-page';
import { useGameInChromium } from './game-in-chromium';

/** Issue 16: sounds with a mute toggle (button and M) remembered; the top three names the player. */
const game = useGameInChromium({ roomUnjoinedMs: 60_000 });

type InArenaState = HookState & {
  readonly isMuted: boolean;
  readonly leaders: readonly { readonly rank: number; readonly name: string; readonly isSelf: boolean }[];
};

test('M mutes the sounds, the choice survives a reload, the button turns them back on; the top three shows the player', async () => {
  const created = await fetch(`${game.url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'quiet', maxPlayers: 4 }),
  });
  expect(created.status).toBe(201);
  const ann = await ArenaPage.open(
    game.browser,
    `${game.url}/?room=quiet&name=ann`,
    'ann',
    (s) => s.screen === 'arena' && s.self !== null,
  );
  game.pages.push(ann);
  const muted = (s: HookState) => (s as InArenaState).isMuted;
  expect(muted(await ann.state())).toBe(false);
  await ann.waitFor(
    (s) => (s as InArenaState).leaders.some((line) => line.name === 'ann' && line.isSelf && line.rank === 1),
    'ann in the top three',
  );
  await expect.poll(() => ann.page.locator('.top-three').textContent()).toContain('ann');

  await ann.page.keyboard.press('KeyM');
  await ann.waitFor(muted, 'muted by M');
  expect(await ann.page.locator('[data-testid=mute-toggle]').textContent()).toBe('Sound off');

  await ann.page.reload();
  const back = await ann.waitFor((s) => s.screen === 'arena' && s.self !== null, 'the seat after the reload');
  expect(muted(back)).toBe(true);

  // Holding the mouse down on the button is no shot into the arena: no projectile for 30 frames.
  const button = (await ann.page.locator('[data-testid=mute-toggle]').boundingBox())!;
  await ann.page.mouse.move(button.x + button.width / 2, button.y + button.height / 2);
  await ann.page.mouse.down();
  const projectilesSeen: number[] = [];
  const pressedAt = (await ann.state()).framesDrawn;
  await ann.waitFor((s) => {
    projectilesSeen.push((s as HookState & { projectiles: number }).projectiles);
    return s.framesDrawn >= pressedAt + 30;
  }, '30 frames with the button held');
  await ann.page.mouse.up();
  expect(projectilesSeen.filter((count) => count > 0)).toEqual([]);
  await ann.waitFor((s) => !muted(s), 'sounds on again by the button');
  expect(ann.errors).toEqual([]);
}, 120_000);
