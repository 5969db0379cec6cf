import { PROJECTILE_SPEED_UNITS_PER_S } from '@arena/protocol';
import { waitFor } from '@arena/testing';
import type { ArenaPage, HookPlayer, HookState } from './arena-page';
import { hasLineOfFire } from './line-of-fire';

/** The hook's players and kill feed as the bot tests read them (docs/game-client.md). */
export interface BotHookPlayer extends HookPlayer {
  readonly isBot: boolean;
}
export interface BotHookState extends HookState {
  readonly self: BotHookPlayer | null;
  readonly players: readonly BotHookPlayer[];
  readonly killFeed: readonly { readonly killer: string; readonly victim: string }[];
}

/** Farthest the player shoots from: a projectile flies 900 units; leave room for the lead. */
const SHOT_RANGE_UNITS = 650;
/** How far from the player, along the aim, the mouse is put (world units): always on screen. */
const AIM_POINT_DISTANCE_UNITS = 120;
/** Others are drawn about this far behind the server (interpolation), s: part of the lead. */
const DRAWN_BEHIND_S = 0.1;

/**
 * Plays as a player would with the mouse until the kill feed names `name` as the killer of a
 * bot: aims at the nearest bot in the line of fire, leading it, and holds the button down.
 * Returns once the HUD's kill feed shows the kill, as the player reads it.
 */
export async function shootABotDown(
  page: ArenaPage,
  name: string,
): Promise<{ readonly killer: string; readonly victim: string }> {
  const mouse = page.page.mouse;
  let isFiring = false;
  const lastSeen = new Map<number, { x: number; y: number; atMs: number; vx: number; vy: number }>();
  let last: BotHookState | undefined;
  const kill = await waitFor(
    async () => {
      const state = (await page.state()) as BotHookState;
      last = state;
      const mine = state.killFeed.find((entry) => entry.killer === name && entry.victim.startsWith('bot '));
      if (mine !== undefined) return mine;
      const nowMs = Date.now();
      for (const bot of state.players.filter((p) => p.isBot)) {
        const seen = lastSeen.get(bot.id);
        const dtS = seen === undefined ? 0 : (nowMs - seen.atMs) / 1000;
        const vx = dtS > 0.02 && dtS < 0.5 ? (bot.x - seen!.x) / dtS : (seen?.vx ?? 0);
        const vy = dtS > 0.02 && dtS < 0.5 ? (bot.y - seen!.y) / dtS : (seen?.vy ?? 0);
        lastSeen.set(bot.id, { x: bot.x, y: bot.y, atMs: nowMs, vx, vy });
      }
      const self = state.self;
      const target =
        self === null || self.hp <= 0
          ? undefined
          : state.players
              .filter(
                (p) => p.isBot && p.hp > 0 && hasLineOfFire(self, p, state.arena!.walls, SHOT_RANGE_UNITS),
              )
              .sort(
                (a, b) => Math.hypot(a.x - self.x, a.y - self.y) - Math.hypot(b.x - self.x, b.y - self.y),
              )[0];
      if (self === null || target === undefined) {
        if (isFiring) await mouse.up();
        isFiring = false;
        return undefined;
      }
      const motion = lastSeen.get(target.id)!;
      const leadS =
        DRAWN_BEHIND_S + Math.hypot(target.x - self.x, target.y - self.y) / PROJECTILE_SPEED_UNITS_PER_S;
      const aim = Math.atan2(target.y + motion.vy * leadS - self.y, target.x + motion.vx * leadS - self.x);
      const point = await page.worldToScreen(
        self.x + Math.cos(aim) * AIM_POINT_DISTANCE_UNITS,
        self.y + Math.sin(aim) * AIM_POINT_DISTANCE_UNITS,
      );
      if (point === null) return undefined;
      await mouse.move(point.x, point.y);
      if (!isFiring) await mouse.down();
      isFiring = true;
      return undefined;
    },
    `${name} shooting a bot down`,
    { timeoutMs: 240_000, pollMs: 20, detail: () => `last state: ${JSON.stringify(last)?.slice(0, 1500)}` },
  );
  await mouse.up();
  await waitFor(
    async () =>
      ((await page.page.locator('.kill-feed').textContent()) ?? '').includes(
        `${name} fragged ${kill.victim}`,
      ),
    'the kill in the kill feed',
    { timeoutMs: 15_000, pollMs: 50 },
  );
  return kill;
}
