import {
  type ArenaMap,
  msToTicks,
  PLAYER_SPEED_UNITS_PER_S,
  type PlayerView,
  type Position,
  PROJECTILE_RADIUS_UNITS,
  type WorldView,
} from '@arena/protocol';
import { hasLineOfSight } from '../sim/line-of-sight';
import type { Rng } from '../sim/rng';
import type { NavGrid } from './nav-grid';

/** How a bot plays. Tuned so that a player who moves and aims wins most duels against one. */
export const BOT_TUNING = Object.freeze({
  /** Before firing at a target newly in sight, ms: drawn in this range for each sighting. */
  reactionMs: [250, 400] as const,
  /** Aim error bound at point blank, degrees ... */
  spreadDeg: 4,
  /** ... growing by this much per 100 units to the target, up to maxSpreadDeg. */
  spreadPer100UnitsDeg: 1.5,
  maxSpreadDeg: 15,
  /**
   * Time between two shots, ms (drawn): a bot clicks rather than holds the trigger (the server's
   * 250 ms cooldown would allow more), so a player who stands still lasts a few seconds.
   */
  shotIntervalMs: [400, 900] as const,
  /** A new aim error is drawn this often, ms (in between, the error holds: a steady wrong aim). */
  aimRedrawMs: 200,
  /** Farthest a bot looks for targets, units: about what a player's screen shows around it. */
  sightRangeUnits: 800,
  /** Farthest it fires, units (a projectile flies 900). */
  fireRangeUnits: 700,
  /** The distance it keeps to its target, units. */
  preferredRangeUnits: [200, 420] as const,
  /** How long it strafes one way before turning, ms (drawn). */
  strafeMs: [600, 1600] as const,
  /** How often it plans its way to a target out of sight, ms. */
  replanMs: 500,
  /** Moving less than a quarter of what it asked for this long counts as stuck, ms ... */
  stuckMs: 400,
  /** ... and it then walks off in a random direction for this long, ms. */
  unstickMs: 350,
  /** It keeps a target in sight unless another is nearer by this factor (no dithering between two). */
  switchRatio: 1.3,
});

/** One tick's intent, in the units of an input message (axes -1..1, aim in radians). */
export interface BotIntent {
  readonly moveX: number;
  readonly moveY: number;
  readonly aim: number;
  readonly fire: boolean;
}

/** What every bot of a room shares: the map, its navigation grid, the tick rate and the bots' rng. */
export interface BotSenses {
  readonly map: ArenaMap;
  readonly nav: NavGrid;
  readonly tickRateHz: number;
  readonly rng: Rng;
  /** Whether a player is a server bot: the roster says so to every client too. */
  readonly isBot: (playerId: number) => boolean;
}

/** Largest aim error at `distance` units, radians. */
export function aimSpreadRad(distance: number): number {
  const { spreadDeg, spreadPer100UnitsDeg, maxSpreadDeg } = BOT_TUNING;
  return (Math.min(maxSpreadDeg, spreadDeg + (spreadPer100UnitsDeg * distance) / 100) * Math.PI) / 180;
}

const WAYPOINT_REACHED_UNITS = 12;
const STILL: readonly [number, number] = [0, 0];

/**
 * One bot's decisions. It reads only what a client sees (the snapshot's positions and hp, the
 * roster's bot marks), never anyone's inputs, and answers with an input. It shoots the nearest
 * enemy in sight (walls block sight), after a reaction delay and with an aim error that grows
 * with range; keeps its distance while strafing; and walks around walls on a coarse grid path
 * to the nearest human when no one is in sight. Deterministic for a given rng.
 */
export class BotBrain {
  private targetId: number | undefined;
  private fireFromTick = 0;
  private nextShotTick = 0;
  private aimErrorUnit = 0;
  private aimRedrawTick = 0;
  private aim = 0;
  private strafeSign = 1;
  private strafeUntilTick = 0;
  private path: Position[] = [];
  private pathIndex = 0;
  private replanTick: number;
  private wanderTo: Position | undefined;
  private lastX = Number.NaN;
  private lastY = Number.NaN;
  private lastMoveLength = 0;
  private slowTicks = 0;
  private unstickUntilTick = 0;
  private unstickX = 0;
  private unstickY = 0;
  private readonly ticks: {
    readonly aimRedraw: number;
    readonly replan: number;
    readonly stuck: number;
    readonly unstick: number;
  };

  constructor(
    readonly playerId: number,
    private readonly senses: BotSenses,
  ) {
    const hz = senses.tickRateHz;
    this.ticks = {
      aimRedraw: msToTicks(BOT_TUNING.aimRedrawMs, hz),
      replan: msToTicks(BOT_TUNING.replanMs, hz),
      stuck: msToTicks(BOT_TUNING.stuckMs, hz),
      unstick: msToTicks(BOT_TUNING.unstickMs, hz),
    };
    // bots of one room plan on different ticks, so no tick pays for all their searches
    this.replanTick = playerId % this.ticks.replan;
  }

  /** The player this bot is aiming at, if any. */
  get target(): number | undefined {
    return this.targetId;
  }

  /** This tick's input, from the world as the newest snapshot shows it. */
  decide(view: WorldView): BotIntent {
    const tick = view.tick;
    const self = view.players.find((player) => player.id === this.playerId);
    if (self === undefined || self.hp <= 0) {
      this.forget();
      return { moveX: 0, moveY: 0, aim: this.aim, fire: false };
    }
    this.noteProgress(self, tick);
    const target = this.chooseTarget(self, view.players, tick);
    let move: readonly [number, number];
    let fire = false;
    if (target === undefined) {
      move = this.roam(self, view.players, tick);
      if (move[0] !== 0 || move[1] !== 0) this.aim = Math.atan2(move[1], move[0]);
    } else {
      const dx = target.x - self.x;
      const dy = target.y - self.y;
      const distance = Math.hypot(dx, dy);
      this.aim = Math.atan2(dy, dx) + this.aimError(distance, tick);
      fire =
        tick >= this.fireFromTick &&
        tick >= this.nextShotTick &&
        distance <= BOT_TUNING.fireRangeUnits &&
        hasLineOfSight(self.x, self.y, target.x, target.y, this.senses.map.walls, PROJECTILE_RADIUS_UNITS);
      if (fire) this.nextShotTick = tick + this.drawTicks(BOT_TUNING.shotIntervalMs);
      move = this.duel(dx, dy, distance, tick);
    }
    if (tick < this.unstickUntilTick) move = [this.unstickX, this.unstickY];
    this.lastMoveLength = Math.min(1, Math.hypot(move[0], move[1]));
    return { moveX: move[0], moveY: move[1], aim: this.aim, fire };
  }

  /**
   * The nearest living enemy in sight and range; the current target stays chosen while in sight
   * unless another is clearly nearer. A new target starts the reaction delay.
   */
  private chooseTarget(
    self: PlayerView,
    players: readonly PlayerView[],
    tick: number,
  ): PlayerView | undefined {
    const walls = this.senses.map.walls;
    const rangeSq = BOT_TUNING.sightRangeUnits ** 2;
    let nearest: PlayerView | undefined;
    let nearestSq = Number.POSITIVE_INFINITY;
    let current: PlayerView | undefined;
    let currentSq = Number.POSITIVE_INFINITY;
    for (const other of players) {
      if (other.id === self.id || other.hp <= 0) continue;
      const distanceSq = (other.x - self.x) ** 2 + (other.y - self.y) ** 2;
      if (distanceSq > rangeSq) continue;
      const isCurrent = other.id === this.targetId;
      // the sight test (a loop over the walls) only for who could be chosen
      if (!isCurrent && distanceSq >= nearestSq) continue;
      if (!hasLineOfSight(self.x, self.y, other.x, other.y, walls)) continue;
      if (isCurrent) {
        current = other;
        currentSq = distanceSq;
      }
      if (distanceSq < nearestSq) {
        nearest = other;
        nearestSq = distanceSq;
      }
    }
    const chosen =
      current !== undefined && currentSq <= nearestSq * BOT_TUNING.switchRatio ** 2 ? current : nearest;
    if (chosen?.id !== this.targetId) {
      this.targetId = chosen?.id;
      if (chosen !== undefined) this.fireFromTick = tick + this.drawTicks(BOT_TUNING.reactionMs);
    }
    return chosen;
  }

  /** The aim error now: a unit draw held for aimRedrawMs, scaled by the spread at this range. */
  private aimError(distance: number, tick: number): number {
    if (tick >= this.aimRedrawTick) {
      this.aimErrorUnit = this.uniform() * 2 - 1;
      this.aimRedrawTick = tick + this.ticks.aimRedraw;
    }
    return this.aimErrorUnit * aimSpreadRad(distance);
  }

  /** Facing a target: close in or back off to the preferred range, strafing sideways. */
  private duel(dx: number, dy: number, distance: number, tick: number): readonly [number, number] {
    if (tick >= this.strafeUntilTick) {
      this.strafeSign = -this.strafeSign;
      this.strafeUntilTick = tick + this.drawTicks(BOT_TUNING.strafeMs);
    }
    if (distance === 0) return STILL;
    const ux = dx / distance;
    const uy = dy / distance;
    const [near, far] = BOT_TUNING.preferredRangeUnits;
    const radial = distance > far ? 1 : distance < near ? -0.7 : 0;
    const side = 0.8 * this.strafeSign;
    return normalise(ux * radial - uy * side, uy * radial + ux * side);
  }

  /**
   * No one in sight: along a path to the nearest human (every position is in the snapshot; bots
   * are there to give the humans a fight, so a lone player meets one within seconds), else the
   * nearest bot, else wander.
   */
  private roam(self: PlayerView, players: readonly PlayerView[], tick: number): readonly [number, number] {
    let goal: Position | undefined;
    let goalSq = Number.POSITIVE_INFINITY;
    let isGoalHuman = false;
    for (const other of players) {
      if (other.id === self.id || other.hp <= 0) continue;
      const isHuman = !this.senses.isBot(other.id);
      if (isGoalHuman && !isHuman) continue;
      const distanceSq = (other.x - self.x) ** 2 + (other.y - self.y) ** 2;
      if (distanceSq < goalSq || (isHuman && !isGoalHuman)) {
        goal = other;
        goalSq = distanceSq;
        isGoalHuman = isHuman;
      }
    }
    if (goal === undefined) goal = this.wanderGoal(self);
    if (tick >= this.replanTick || this.pathIndex >= this.path.length) {
      this.path = this.senses.nav.findPath(self, { x: goal.x, y: goal.y });
      this.pathIndex = 0;
      this.replanTick = tick + this.ticks.replan;
    }
    while (this.pathIndex < this.path.length) {
      const next = this.path[this.pathIndex]!;
      if (Math.hypot(next.x - self.x, next.y - self.y) > WAYPOINT_REACHED_UNITS) break;
      this.pathIndex++;
    }
    const next = this.path[this.pathIndex];
    if (next === undefined) {
      this.wanderTo = undefined;
      return STILL;
    }
    return normalise(next.x - self.x, next.y - self.y);
  }

  /** A random point to walk to while nobody else is alive, kept until reached. */
  private wanderGoal(self: PlayerView): Position {
    const { map, rng } = this.senses;
    if (this.wanderTo === undefined || Math.hypot(this.wanderTo.x - self.x, this.wanderTo.y - self.y) < 40) {
      this.wanderTo = { x: rng.int(60, map.width - 60), y: rng.int(60, map.height - 60) };
    }
    return this.wanderTo;
  }

  /**
   * Compares where it is with where it was: moving less than a quarter of the step it asked for,
   * for stuckMs, means a wall or a corner holds it; it then walks off at random, turns its strafe
   * and plans again.
   */
  private noteProgress(self: PlayerView, tick: number): void {
    const moved = Math.hypot(self.x - this.lastX, self.y - this.lastY);
    const asked = (this.lastMoveLength * PLAYER_SPEED_UNITS_PER_S) / this.senses.tickRateHz;
    this.lastX = self.x;
    this.lastY = self.y;
    if (!(asked > 0 && moved < asked / 4)) {
      this.slowTicks = 0;
      return;
    }
    if (++this.slowTicks < this.ticks.stuck) return;
    this.slowTicks = 0;
    const angle = this.uniform() * 2 * Math.PI;
    this.unstickX = Math.cos(angle);
    this.unstickY = Math.sin(angle);
    this.unstickUntilTick = tick + this.ticks.unstick;
    this.strafeSign = -this.strafeSign;
    this.replanTick = tick + this.ticks.unstick;
  }

  /** Dead: a respawn starts afresh (no target, no path, no memory of where it stood). */
  private forget(): void {
    this.targetId = undefined;
    this.path = [];
    this.pathIndex = 0;
    this.lastX = Number.NaN;
    this.lastY = Number.NaN;
    this.slowTicks = 0;
    this.unstickUntilTick = 0;
  }

  private drawTicks([minMs, maxMs]: readonly [number, number]): number {
    return msToTicks(minMs + this.uniform() * (maxMs - minMs), this.senses.tickRateHz);
  }

  /** A uniform draw in [0, 1] from the seeded rng. */
  private uniform(): number {
    return this.senses.rng.int(0, 1_000_000) / 1_000_000;
  }
}

function normalise(x: number, y: number): readonly [number, number] {
  const length = Math.hypot(x, y);
  return length === 0 ? STILL : [x / length, y / length];
}
