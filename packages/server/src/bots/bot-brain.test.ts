import {
  type ArenaMap,
  PLAYER_MAX_HP,
  type PlayerView,
  type Rect,
  stepMovement,
  type WorldView,
} from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { createRng } from '../sim/rng';
import { aimSpreadRad, BOT_TUNING, BotBrain, type BotIntent } from './bot-brain';
import { NavGrid } from './nav-grid';

const TICK_RATE_HZ = 30;
const SELF = 1;

function mapWith(walls: Rect[]): ArenaMap {
  return { width: 2000, height: 2000, walls };
}

function brainOn(map: ArenaMap, seed = 1): BotBrain {
  return new BotBrain(SELF, {
    map,
    nav: new NavGrid(map),
    tickRateHz: TICK_RATE_HZ,
    rng: createRng(seed),
    isBot: (id) => id === SELF,
  });
}

function player(id: number, x: number, y: number, hp = PLAYER_MAX_HP): PlayerView {
  return { id, x, y, angle: 0, hp, score: 0 };
}

function world(tick: number, ...players: PlayerView[]): WorldView {
  return { tick, players, projectiles: [] };
}

/** Angle difference folded into -π..π. */
function angleBetween(a: number, b: number): number {
  return Math.atan2(Math.sin(a - b), Math.cos(a - b));
}

const OPEN = mapWith([]);
/** A wall standing between x = 900 and 940, from y = 500 to 1500. */
const WALL: Rect = { x: 900, y: 500, width: 40, height: 1000 };

describe('target choice', () => {
  test('the nearest living enemy in sight is the target', () => {
    const brain = brainOn(OPEN);
    brain.decide(world(1, player(SELF, 500, 1000), player(2, 900, 1000), player(3, 700, 1000)));
    expect(brain.target).toBe(3);
    const other = brainOn(OPEN);
    other.decide(world(1, player(SELF, 500, 1000), player(2, 900, 1000), player(3, 700, 1000, 0)));
    expect(other.target).toBe(2);
  });

  test('no wall hacks: an enemy behind a wall is not chosen, even when nearest, and is not shot at', () => {
    const walled = mapWith([WALL]);
    const brain = brainOn(walled);
    // 2 is 200 units away behind the wall; 3 is 450 away in the open
    brain.decide(world(1, player(SELF, 800, 1000), player(2, 1000, 1000), player(3, 800, 1450)));
    expect(brain.target).toBe(3);
    const alone = brainOn(walled);
    for (let tick = 1; tick <= 60; tick++) {
      const intent = alone.decide(world(tick, player(SELF, 800, 1000), player(2, 1000, 1000)));
      expect(alone.target).toBeUndefined();
      expect(intent.fire).toBe(false);
    }
  });

  test('keeps its target while in sight unless another is clearly nearer', () => {
    const brain = brainOn(OPEN);
    brain.decide(world(1, player(SELF, 500, 1000), player(2, 800, 1000)));
    expect(brain.target).toBe(2);
    brain.decide(world(2, player(SELF, 500, 1000), player(2, 800, 1000), player(3, 500, 1290)));
    expect(brain.target).toBe(2);
    brain.decide(world(3, player(SELF, 500, 1000), player(2, 800, 1000), player(3, 500, 1100)));
    expect(brain.target).toBe(3);
  });
});

describe('reaction delay', () => {
  const [minMs, maxMs] = BOT_TUNING.reactionMs;
  const ticksOf = (ms: number) => (ms * TICK_RATE_HZ) / 1000;

  /** The first tick (from `from`) at which the bot fires at an enemy in plain sight. */
  function firstShot(brain: BotBrain, from: number, enemyX = 800): number {
    for (let tick = from; tick < from + 100; tick++) {
      if (brain.decide(world(tick, player(SELF, 500, 1000), player(2, enemyX, 1000))).fire) return tick;
    }
    throw new Error('never fired');
  }

  test.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'seed %i: no shot at a newly seen target before the delay, one soon after',
    (seed) => {
      const brain = brainOn(OPEN, seed);
      const fired = firstShot(brain, 1);
      expect(fired - 1).toBeGreaterThanOrEqual(Math.floor(ticksOf(minMs)));
      expect(fired - 1).toBeLessThanOrEqual(Math.ceil(ticksOf(maxMs)) + 1);
    },
  );

  test('a target that went out of sight and came back is new again: the delay starts over', () => {
    const walled = mapWith([WALL]);
    const brain = brainOn(walled);
    const seen = (tick: number) => brain.decide(world(tick, player(SELF, 800, 1000), player(2, 800, 1300)));
    const hidden = (tick: number) =>
      brain.decide(world(tick, player(SELF, 800, 1000), player(2, 1000, 1000)));
    let tick = 1;
    while (!seen(tick).fire) tick++;
    hidden(++tick);
    const back = ++tick;
    let fired = back;
    while (!seen(fired).fire) fired++;
    expect(fired - back).toBeGreaterThanOrEqual(Math.floor(ticksOf(minMs)));
  });
});

describe('aim', () => {
  test('the aim error stays within the spread for the range, and is not zero', () => {
    for (const distance of [60, 250, 500, 700]) {
      const brain = brainOn(OPEN, distance);
      let largest = 0;
      for (let tick = 1; tick <= 600; tick++) {
        const intent = brain.decide(world(tick, player(SELF, 500, 1000), player(2, 500 + distance, 1000)));
        const error = Math.abs(angleBetween(intent.aim, 0));
        expect(error).toBeLessThanOrEqual(aimSpreadRad(distance) + 1e-12);
        largest = Math.max(largest, error);
      }
      expect(largest).toBeGreaterThan(aimSpreadRad(distance) / 2);
    }
    expect(aimSpreadRad(600)).toBeGreaterThan(aimSpreadRad(100));
  });

  test('the same seed gives the same decisions', () => {
    const run = (seed: number) => {
      const brain = brainOn(mapWith([WALL]), seed);
      const intents: BotIntent[] = [];
      for (let tick = 1; tick <= 120; tick++) {
        intents.push(brain.decide(world(tick, player(SELF, 500, 1000), player(2, 600 + tick, 900))));
      }
      return intents;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
});

describe('moving', () => {
  /** Plays the bot against a standing enemy, moving it by the game's movement rule; the tick it first sees the enemy. */
  function walkUntilInSight(
    map: ArenaMap,
    from: { x: number; y: number },
    enemy: PlayerView,
    maxTicks: number,
  ) {
    const brain = brainOn(map);
    let at = from;
    for (let tick = 1; tick <= maxTicks; tick++) {
      const intent = brain.decide(world(tick, player(SELF, at.x, at.y), enemy));
      if (brain.target === enemy.id) return { tick, at };
      at = stepMovement(at, intent.moveX, intent.moveY, 1 / TICK_RATE_HZ, map);
    }
    return { tick: undefined, at };
  }

  test('walks around a wall to an enemy behind it', () => {
    // a long wall with the enemy right behind it: the straight way is blocked
    const map = mapWith([WALL]);
    const result = walkUntilInSight(map, { x: 700, y: 1000 }, player(2, 1100, 1000), 30 * TICK_RATE_HZ);
    expect(result.tick).toBeDefined();
  });

  test('finds the way out of a pocket of walls', () => {
    // a U open to the left; the bot stands inside it, the enemy beyond its closed side
    const map = mapWith([
      { x: 800, y: 800, width: 40, height: 400 },
      { x: 500, y: 760, width: 340, height: 40 },
      { x: 500, y: 1200, width: 340, height: 40 },
    ]);
    const result = walkUntilInSight(map, { x: 760, y: 1000 }, player(2, 1100, 1000), 30 * TICK_RATE_HZ);
    expect(result.tick).toBeDefined();
  });

  test('in a duel it keeps its distance: closes in from afar, backs off when too near', () => {
    const brain = brainOn(OPEN);
    const far = brain.decide(world(1, player(SELF, 500, 1000), player(2, 1100, 1000)));
    expect(far.moveX).toBeGreaterThan(0);
    const near = brainOn(OPEN).decide(world(1, player(SELF, 500, 1000), player(2, 600, 1000)));
    expect(near.moveX).toBeLessThan(0);
  });

  test('a dead bot stands still and holds fire', () => {
    const intent = brainOn(OPEN).decide(world(1, player(SELF, 500, 1000, 0), player(2, 600, 1000)));
    expect(intent).toMatchObject({ moveX: 0, moveY: 0, fire: false });
  });
});
