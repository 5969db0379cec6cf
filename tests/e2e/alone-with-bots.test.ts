import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@arena/testing';
import { describe, expect, test } from 'vitest';
import { ArenaPage } from './arena-page';
import { TEST_RESULTS } from './chromium';
import { useGameInChromium } from './game-in-chromium';
import { type BotHookPlayer, type BotHookState, shootABotDown } from './shoot-a-bot-down';

/** The top three and the spawn shield as the hook reports them (docs/game-client.md). */
interface TopThreeState extends BotHookState {
  readonly leaders: readonly { readonly name: string; readonly score: number; readonly isSelf: boolean }[];
  readonly ownRank: { readonly rank: number; readonly of: number } | null;
  readonly players: readonly (BotHookPlayer & { readonly isProtected: boolean })[];
}

const NAME = 'Loner';

// the server's default: bots fill a room up to 4 fighters (the test server turns them off)
const game = useGameInChromium({ minFighters: 4, tickRateHz: 30, snapshotRateHz: 30 });

describe('never alone', () => {
  test('a player alone presses Quick play, finds bots in the arena, and shoots one down: the kill feed says so, the top three shows the player, and the bot comes back protected', async () => {
    const page = await ArenaPage.open(game.browser, game.url, 'alone');
    game.pages.push(page);
    await page.setName(NAME);
    await page.page.click('[data-testid=quick-play]');
    const seated = (await page.waitFor(
      (s) =>
        s.screen === 'arena' &&
        s.self !== null &&
        s.players.filter((p) => (p as BotHookPlayer).isBot).length === 3,
      'three bots beside the player',
      30_000,
    )) as BotHookState;
    const bots = seated.players.filter((p) => p.isBot);
    expect(bots.every((bot) => bot.name.startsWith('bot '))).toBe(true);
    expect(seated.self?.isBot).toBe(false);
    // the scoreboard (held Tab) tags them
    await page.page.keyboard.down('Tab');
    await waitFor(
      async () => (await page.page.locator('.scoreboard tr.bot .bot-tag').count()) === 3,
      'three bot tags on the scoreboard',
      { timeoutMs: 15_000, pollMs: 50 },
    );
    await page.page.keyboard.up('Tab');

    const kill = await shootABotDown(page, NAME);
    // The on-screen standings count the kill: the player in the top three with the point, or,
    // when three bots have scored more meanwhile (they fight each other and the player), below
    // them as its own rank.
    const ranked = (await page.waitFor((state) => {
      const s = state as TopThreeState;
      const own = s.leaders.find((row) => row.isSelf);
      if (own !== undefined) return own.score >= 1;
      const selfScore = (s.self as (BotHookPlayer & { score: number }) | null)?.score ?? 0;
      return s.ownRank !== null && s.ownRank.rank > 3 && selfScore >= 1;
    }, 'the player in the standings with the kill')) as TopThreeState;
    expect(ranked.leaders.length).toBeLessThanOrEqual(3);
    const selfScore = (ranked.self as (BotHookPlayer & { score: number }) | null)?.score ?? 0;
    if (ranked.ownRank !== null) {
      // only ranked below the three when all three have more
      expect(ranked.leaders.every((row) => row.score >= selfScore)).toBe(true);
    }
    // and the bot shot down comes back protected (its spawn shield shown on it)
    // (checked in the page on every frame: the shield lasts 1.8 s, which polling from here could miss)
    await page.page.waitForFunction(
      (victimName) =>
        (
          window as unknown as {
            __arena: { state(): { players: { name: string; hp: number; isProtected: boolean }[] } };
          }
        ).__arena
          .state()
          .players.some((p) => p.name === victimName && p.hp > 0 && p.isProtected),
      kill.victim,
      { polling: 'raf', timeout: 30_000 },
    );
    mkdirSync(TEST_RESULTS, { recursive: true });
    await page.screenshot(join(TEST_RESULTS, 'alone-with-bots.png'));
    expect(page.errors).toEqual([]);
  }, 420_000);
});
