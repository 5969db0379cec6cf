import {
  type ArenaMap,
  FIRE_COOLDOWN_MS,
  type GameEvent,
  msToTicks,
  PLAYER_MAX_HP,
  PLAYER_RADIUS_UNITS,
  PROJECTILE_DAMAGE_HP,
  PROJECTILE_LIFETIME_MS,
  RESPAWN_DELAY_MS,
  type RoomMode,
  stepMovement,
  type WorldView,
} from '@arena/protocol';
import { type ArenaLayout, benchLayout, generateArenaLayout } from './arena-layout';
import { advanceProjectile, spawnProjectile } from './projectiles';
import { createRng, type Rng } from './rng';
import { chooseSpawnPoint } from './spawn';
import { type AppliedInput, isAlive, type PlayerState, type ProjectileState } from './world-state';

export interface WorldConfig {
  readonly mode: RoomMode;
  readonly tickRateHz: number;
  readonly seed: number;
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
  private readonly projectileLifetimeTicks: number;

  constructor(config: WorldConfig) {
    this.config = config;
    this.rng = createRng(config.seed);
    this.layout = config.mode === 'bench' ? benchLayout() : generateArenaLayout(this.rng);
    this.map = this.layout.map;
    this.dtS = 1 / config.tickRateHz;
    this.playerRadius = config.mode === 'bench' ? 0 : PLAYER_RADIUS_UNITS;
    this.fireCooldownTicks = msToTicks(FIRE_COOLDOWN_MS, config.tickRateHz);
    this.respawnTicks = msToTicks(RESPAWN_DELAY_MS, config.tickRateHz);
    this.projectileLifetimeTicks = msToTicks(PROJECTILE_LIFETIME_MS, config.tickRateHz);
  }

  get playerCount(): number {
    return this.players.size;
  }

  getPlayer(id: number): Readonly<PlayerState> | undefined {
    return this.players.get(id);
  }

  /** Adds a player at a spawn point (a random position in bench mode). */
  addPlayer(id: number, name: string): Readonly<PlayerState> {
    const at =
      this.config.mode === 'bench'
        ? { x: this.rng.int(0, this.map.width), y: this.rng.int(0, this.map.height) }
        : chooseSpawnPoint(this.layout.spawnPoints, this.players.values(), this.rng);
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
        if (input.fire && this.config.mode === 'arena' && this.tick >= player.nextFireTick) this.fire(player);
      }
    }
    this.advanceProjectiles(players, events);
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

  private fire(shooter: PlayerState): void {
    shooter.nextFireTick = this.tick + this.fireCooldownTicks;
    const id = this.nextProjectileId++;
    this.projectiles.set(
      id,
      spawnProjectile(id, shooter, this.dtS, this.tick + this.projectileLifetimeTicks),
    );
  }

  private advanceProjectiles(players: readonly PlayerState[], events: GameEvent[]): void {
    for (const [id, projectile] of this.projectiles) {
      const outcome = advanceProjectile(projectile, players, this.map, this.tick);
      if (outcome === undefined) continue;
      this.projectiles.delete(id);
      if (outcome !== 'gone') this.damage(outcome, projectile.ownerId, events);
    }
  }

  private damage(victim: PlayerState, shooterId: number, events: GameEvent[]): void {
    victim.hp = Math.max(0, victim.hp - PROJECTILE_DAMAGE_HP);
    if (victim.hp > 0) return;
    victim.deaths++;
    victim.respawnTick = this.tick + this.respawnTicks;
    const shooter = this.players.get(shooterId);
    if (shooter !== undefined) shooter.score++;
    events.push({ kind: 'kill', killerId: shooterId, victimId: victim.id });
  }

  private respawn(player: PlayerState, events: GameEvent[]): void {
    const at = chooseSpawnPoint(this.layout.spawnPoints, this.players.values(), this.rng);
    player.x = at.x;
    player.y = at.y;
    player.hp = PLAYER_MAX_HP;
    player.respawnTick = 0;
    events.push({ kind: 'respawn', playerId: player.id, x: at.x, y: at.y });
  }

  private sortedPlayers(): PlayerState[] {
    return [...this.players.values()].sort((a, b) => a.id - b.id);
  }
}
