import {
  type ArenaMap,
  FIRE_COOLDOWN_MS,
  type GameEvent,
  msToTicks,
  PLAYER_MAX_HP,
  PLAYER_RADIUS_UNITS,
  type Position,
  PROJECTILE_DAMAGE_HP,
  PROJECTILE_LIFETIME_MS,
  RESPAWN_DELAY_MS,
  type RoomMode,
  SPAWN_PROTECTION_MS,
  stepMovement,
  type WorldView,
} from '@arena/protocol';
import { type ArenaLayout, benchLayout, generateArenaLayout } from './arena-layout';
import { advanceProjectile, type HitTarget, spawnProjectile } from './projectiles';
import { createRng, type Rng } from './rng';
import { chooseSpawnPoint } from './spawn';
import {
  type AppliedInput,
  isAlive,
  isSpawnProtected,
  type PlayerState,
  type ProjectileState,
} from './world-state';

export interface WorldConfig {
  readonly mode: RoomMode;
  readonly tickRateHz: number;
  readonly seed: number;
  /**
   * Lag compensation: the longest a shot may be rewound to the shooter's view time, ms;
   * 0 turns it off (shots resolve against the current positions only). @default 0
   */
  readonly maxRewindMs?: number;
}

/** Player positions at the end of one tick, kept for lag compensation. */
interface PositionFrame {
  readonly tick: number;
  readonly targets: readonly HitTarget[];
}

/**
 * One room's authoritative simulation. Deterministic: the same config, the same sequence of
 * joins/leaves and the same inputs per tick give the same state, tick for tick (the state hash
 * proves it). It never reads a clock; time is the tick counter.
 *
 * "arena" mode is the game (walls, shooting, damage, respawn). "bench" mode is the reference
 * scenario of ../shared/bench/SCENARIO.md: movement only, no walls, clamped to 0..2000.
 */
export class World {
  readonly config: WorldConfig;
  readonly map: ArenaMap;
  tick = 0;
  private readonly layout: ArenaLayout;
  private readonly rng: Rng;
  private readonly players = new Map<number, PlayerState>();
  private readonly projectiles = new Map<number, ProjectileState>();
  private nextProjectileId = 1;
  private readonly dtS: number;
  private readonly playerRadius: number;
  private readonly fireCooldownTicks: number;
  private readonly respawnTicks: number;
  private readonly protectionTicks: number;
  private readonly projectileLifetimeTicks: number;
  private readonly maxRewindTicks: number;
  private readonly positionHistory: PositionFrame[] = [];
  /** How many ticks each lag-compensated shot was rewound, since the last drain (for metrics). */
  private rewinds: number[] = [];

  constructor(config: WorldConfig) {
    this.config = config;
    this.rng = createRng(config.seed);
    this.layout = config.mode === 'bench' ? benchLayout() : generateArenaLayout(this.rng);
    this.map = this.layout.map;
    this.dtS = 1 / config.tickRateHz;
    this.playerRadius = config.mode === 'bench' ? 0 : PLAYER_RADIUS_UNITS;
    this.fireCooldownTicks = msToTicks(FIRE_COOLDOWN_MS, config.tickRateHz);
    this.respawnTicks = msToTicks(RESPAWN_DELAY_MS, config.tickRateHz);
    this.protectionTicks = config.mode === 'bench' ? 0 : msToTicks(SPAWN_PROTECTION_MS, config.tickRateHz);
    this.projectileLifetimeTicks = msToTicks(PROJECTILE_LIFETIME_MS, config.tickRateHz);
    this.maxRewindTicks = Math.floor(((config.maxRewindMs ?? 0) * config.tickRateHz) / 1000);
  }

  /** The rewinds (in ticks) of the lag-compensated shots fired since the last call. */
  drainRewinds(): number[] {
    const drained = this.rewinds;
    this.rewinds = [];
    return drained;
  }

  get playerCount(): number {
    return this.players.size;
  }

  getPlayer(id: number): Readonly<PlayerState> | undefined {
    return this.players.get(id);
  }

  /** Where players (re)spawn in arena mode; none in bench mode. */
  get spawnPoints(): readonly Position[] {
    return this.layout.spawnPoints;
  }

  /** Adds a player at a spawn point (a random position in bench mode), or at `spawnAt` when given. */
  addPlayer(id: number, name: string, spawnAt?: Position): Readonly<PlayerState> {
    const at =
      spawnAt ??
      (this.config.mode === 'bench'
        ? { x: this.rng.int(0, this.map.width), y: this.rng.int(0, this.map.height) }
        : chooseSpawnPoint(this.layout.spawnPoints, this.players.values(), this.map, this.rng));
    const player: PlayerState = {
      id,
      name,
      x: at.x,
      y: at.y,
      angle: 0,
      hp: PLAYER_MAX_HP,
      score: 0,
      deaths: 0,
      respawnTick: 0,
      nextFireTick: 0,
      vulnerableFromTick: this.tick + 1 + this.protectionTicks,
    };
    this.players.set(id, player);
    return player;
  }

  removePlayer(id: number): void {
    this.players.delete(id);
    for (const [projectileId, projectile] of this.projectiles) {
      if (projectile.ownerId === id) this.projectiles.delete(projectileId);
    }
  }

  /**
   * Advances one tick: respawns, then each player's inputs (in id order; each input is one
   * movement step), then projectiles. Players without an input this tick stand still. Returns
   * the events of this tick.
   */
  step(inputs: ReadonlyMap<number, readonly AppliedInput[]>): GameEvent[] {
    this.tick++;
    const events: GameEvent[] = [];
    const players = this.sortedPlayers();
    for (const player of players) {
      if (!isAlive(player) && player.respawnTick <= this.tick) this.respawn(player, events);
    }
    for (const player of players) {
      for (const input of inputs.get(player.id) ?? []) {
        if (!isAlive(player)) break;
        const moved = stepMovement(player, input.moveX, input.moveY, this.dtS, this.map, this.playerRadius);
        player.x = moved.x;
        player.y = moved.y;
        player.angle = input.aim;
        if (input.fire && this.config.mode === 'arena' && this.tick >= player.nextFireTick) {
          this.fire(player, input.viewTick, events);
        }
      }
    }
    this.advanceProjectiles(players, events);
    this.recordPositions(players);
    return events;
  }

  /** What snapshots describe: every player and projectile, in id order. */
  view(): WorldView {
    return {
      tick: this.tick,
      players: this.sortedPlayers().map(({ id, x, y, angle, hp, score }) => ({ id, x, y, angle, hp, score })),
      projectiles: [...this.projectiles.values()].map(({ id, x, y, angle }) => ({ id, x, y, angle })),
    };
  }

  /** Full internal state, for the state hash and for tests. */
  playerStates(): readonly Readonly<PlayerState>[] {
    return this.sortedPlayers();
  }

  projectileStates(): readonly Readonly<ProjectileState>[] {
    return [...this.projectiles.values()];
  }

  /**
   * Fires a projectile. With lag compensation, a shot taken while the shooter saw the world at
   * `viewTick` is treated as fired then: it flies the missed ticks at once, each tested against
   * where the players stood at the end of that tick (as the shooter saw them), then goes on from
   * the present. The rewind is capped at maxRewindMs and never reaches into the future.
   */
  private fire(shooter: PlayerState, viewTick: number | undefined, events: GameEvent[]): void {
    shooter.nextFireTick = this.tick + this.fireCooldownTicks;
    const id = this.nextProjectileId++;
    const projectile = spawnProjectile(id, shooter, this.dtS, this.tick + this.projectileLifetimeTicks);
    const rewind =
      viewTick === undefined ? 0 : Math.max(0, Math.min(this.maxRewindTicks, this.tick - 1 - viewTick));
    if (rewind > 0) this.rewinds.push(rewind);
    for (let step = 0; step < rewind; step++) {
      const frame = this.positionsAt(this.tick - rewind + step);
      if (frame === undefined) continue;
      // only players still alive now can be hit, at the place they stood then
      const targets = frame.targets.filter((target) => (this.players.get(target.id)?.hp ?? 0) > 0);
      const outcome = advanceProjectile(projectile, targets, this.map, this.tick);
      if (outcome === undefined) continue;
      if (outcome !== 'gone') this.damage(this.players.get(outcome)!, shooter.id, events);
      return;
    }
    this.projectiles.set(id, projectile);
  }

  private advanceProjectiles(players: readonly PlayerState[], events: GameEvent[]): void {
    const targets = players.map(({ id, x, y, hp }) => ({ id, x, y, isAlive: hp > 0 }));
    for (const [id, projectile] of this.projectiles) {
      const outcome = advanceProjectile(projectile, targets, this.map, this.tick);
      if (outcome === undefined) continue;
      this.projectiles.delete(id);
      if (outcome !== 'gone') this.damage(this.players.get(outcome)!, projectile.ownerId, events);
    }
  }

  /** Keeps the end-of-tick positions of the last maxRewindTicks ticks (nothing when compensation is off). */
  private recordPositions(players: readonly PlayerState[]): void {
    if (this.maxRewindTicks === 0) return;
    this.positionHistory.push({
      tick: this.tick,
      targets: players.map(({ id, x, y, hp }) => ({ id, x, y, isAlive: hp > 0 })),
    });
    if (this.positionHistory.length > this.maxRewindTicks + 1) this.positionHistory.shift();
  }

  private positionsAt(tick: number): PositionFrame | undefined {
    return this.positionHistory.find((frame) => frame.tick === tick);
  }

  /** A projectile reached `victim`: absorbed without effect while spawn protection lasts. */
  private damage(victim: PlayerState, shooterId: number, events: GameEvent[]): void {
    if (isSpawnProtected(victim, this.tick)) return;
    victim.hp = Math.max(0, victim.hp - PROJECTILE_DAMAGE_HP);
    if (victim.hp > 0) {
      events.push({ kind: 'hit', shooterId, victimId: victim.id });
      return;
    }
    victim.deaths++;
    victim.respawnTick = this.tick + this.respawnTicks;
    const shooter = this.players.get(shooterId);
    if (shooter !== undefined) shooter.score++;
    events.push({ kind: 'kill', killerId: shooterId, victimId: victim.id });
  }

  private respawn(player: PlayerState, events: GameEvent[]): void {
    const at = chooseSpawnPoint(this.layout.spawnPoints, this.players.values(), this.map, this.rng);
    player.x = at.x;
    player.y = at.y;
    player.hp = PLAYER_MAX_HP;
    player.respawnTick = 0;
    // respawns happen first in a tick: protected through this tick and protectionTicks more
    player.vulnerableFromTick = this.tick + 1 + this.protectionTicks;
    events.push({ kind: 'respawn', playerId: player.id, x: at.x, y: at.y });
  }

  private sortedPlayers(): PlayerState[] {
    return [...this.players.values()].sort((a, b) => a.id - b.id);
  }
}
