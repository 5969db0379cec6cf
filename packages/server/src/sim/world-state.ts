/** Mutable simulation state, owned by one World. Time is counted in ticks, never read from a clock. */
export interface PlayerState {
  readonly id: number;
  readonly name: string;
  x: number;
  y: number;
  /** Radians in [-π, π). */
  angle: number;
  hp: number;
  score: number;
  deaths: number;
  /** Tick at which a dead player comes back; 0 while alive. */
  respawnTick: number;
  /** First tick at which this player may fire again. */
  nextFireTick: number;
  /** First tick at which this player can be hurt again: spawn protection (SPAWN_PROTECTION_MS). */
  vulnerableFromTick: number;
}

export interface ProjectileState {
  readonly id: number;
  readonly ownerId: number;
  x: number;
  y: number;
  readonly vx: number;
  readonly vy: number;
  readonly angle: number;
  readonly expiresTick: number;
}

/** The input the simulation applies to one player for one tick (already validated, dequantised). */
export interface AppliedInput {
  readonly moveX: number;
  readonly moveY: number;
  readonly aim: number;
  readonly fire: boolean;
  /**
   * The tick the player saw other players at when it sent this input (its render time), for lag
   * compensation; undefined means "now".
   */
  readonly viewTick?: number;
}

export function isAlive(player: PlayerState): boolean {
  return player.hp > 0;
}

/** True while a fresh spawn's protection lasts at `tick`. */
export function isSpawnProtected(player: PlayerState, tick: number): boolean {
  return tick < player.vulnerableFromTick;
}
