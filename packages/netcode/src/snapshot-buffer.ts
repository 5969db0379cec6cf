import type { PlayerView, ProjectileView, WorldView } from '@arena/protocol';

/** Snapshots kept at most; at 128 Hz this is still half a second of history. */
export const SNAPSHOT_BUFFER_CAPACITY = 64;

/** A world as drawn at a render tick: interpolated, or extrapolated past the newest snapshot. */
export interface SampledWorld {
  readonly players: readonly PlayerView[];
  readonly projectiles: readonly ProjectileView[];
  /** Ticks past the newest snapshot that were extrapolated (0 while interpolating). */
  readonly extrapolatedTicks: number;
  /** Snapshots buffered at or after the render tick: how much room interpolation has left. */
  readonly bufferedAhead: number;
  /** False until a snapshot has arrived. */
  readonly hasData: boolean;
}

export interface SnapshotBufferOptions {
  /** Longest extrapolation past the newest snapshot before entities freeze in place, ticks. */
  readonly maxExtrapolationTicks: number;
  /** A move longer than this between two snapshots is a teleport (a respawn), never a glide. */
  readonly teleportDistanceUnits: number;
}

const EMPTY: SampledWorld = {
  players: [],
  projectiles: [],
  extrapolatedTicks: 0,
  bufferedAhead: 0,
  hasData: false,
};

/**
 * The snapshots received for other entities, ordered by tick, and sampling between them.
 *
 * Between two snapshots positions and angles are interpolated (angles the short way round); hp
 * and score are taken from the earlier one, so a hit shows when the drawn projectile arrives.
 * Past the newest snapshot, positions continue along their last velocity for at most
 * `maxExtrapolationTicks`, then stop: a stalled connection freezes the world instead of letting
 * it drift off.
 */
export class SnapshotBuffer {
  private readonly snapshots: WorldView[] = [];

  constructor(private readonly options: SnapshotBufferOptions) {}

  /** Adds a snapshot; a duplicate or one older than everything buffered is ignored. */
  push(world: WorldView): void {
    const newest = this.snapshots.at(-1);
    if (newest === undefined || world.tick > newest.tick) {
      this.snapshots.push(world);
    } else {
      if (this.snapshots.some((s) => s.tick === world.tick)) return;
      if (world.tick < this.snapshots[0]!.tick) return;
      const index = this.snapshots.findIndex((s) => s.tick > world.tick);
      this.snapshots.splice(index, 0, world);
    }
    if (this.snapshots.length > SNAPSHOT_BUFFER_CAPACITY) this.snapshots.shift();
  }

  /** The newest snapshot received, if any. */
  get newest(): WorldView | undefined {
    return this.snapshots.at(-1);
  }

  get size(): number {
    return this.snapshots.length;
  }

  clear(): void {
    this.snapshots.length = 0;
  }

  /** The world at `renderTick` (fractional). Drops snapshots that no sample can need any more. */
  sample(renderTick: number): SampledWorld {
    const count = this.snapshots.length;
    if (count === 0) return EMPTY;
    this.prune(renderTick);
    const first = this.snapshots[0]!;
    const newest = this.snapshots.at(-1)!;
    const bufferedAhead = this.snapshots.filter((s) => s.tick >= renderTick).length;

    if (renderTick <= first.tick) return this.frozen(first, 0, bufferedAhead);
    if (renderTick >= newest.tick) {
      const previous = this.snapshots.at(-2);
      const extra = Math.min(renderTick - newest.tick, this.options.maxExtrapolationTicks);
      if (previous === undefined || extra <= 0) return this.frozen(newest, 0, bufferedAhead);
      return this.extrapolate(previous, newest, extra, bufferedAhead);
    }
    const toIndex = this.snapshots.findIndex((s) => s.tick > renderTick);
    const from = this.snapshots[toIndex - 1]!;
    const to = this.snapshots[toIndex]!;
    const t = (renderTick - from.tick) / (to.tick - from.tick);
    return {
      players: this.blendPlayers(from, to, t),
      projectiles: blendProjectiles(from, to, t),
      extrapolatedTicks: 0,
      bufferedAhead,
      hasData: true,
    };
  }

  /** Keeps the last snapshot at or before `renderTick` and everything after it. */
  private prune(renderTick: number): void {
    let keepFrom = 0;
    for (let i = 0; i < this.snapshots.length; i++) {
      if (this.snapshots[i]!.tick <= renderTick) keepFrom = i;
    }
    // One older snapshot stays for the velocity estimate of an extrapolation.
    keepFrom = Math.max(0, keepFrom - 1);
    if (keepFrom > 0) this.snapshots.splice(0, keepFrom);
  }

  private frozen(world: WorldView, extrapolatedTicks: number, bufferedAhead: number): SampledWorld {
    return {
      players: world.players,
      projectiles: world.projectiles,
      extrapolatedTicks,
      bufferedAhead,
      hasData: true,
    };
  }

  private blendPlayers(from: WorldView, to: WorldView, t: number): PlayerView[] {
    const earlier = new Map(from.players.map((p) => [p.id, p]));
    const players: PlayerView[] = [];
    for (const later of to.players) {
      const before = earlier.get(later.id);
      if (before === undefined) {
        // Joined between the two snapshots: appears once the later one is reached.
        continue;
      }
      const jump = Math.hypot(later.x - before.x, later.y - before.y);
      if (jump > this.options.teleportDistanceUnits || later.hp === 0 || before.hp === 0) {
        players.push(t < 1 ? before : later);
        continue;
      }
      players.push({
        id: later.id,
        x: lerp(before.x, later.x, t),
        y: lerp(before.y, later.y, t),
        angle: lerpAngle(before.angle, later.angle, t),
        hp: before.hp,
        score: before.score,
      });
    }
    return players;
  }

  private extrapolate(
    previous: WorldView,
    newest: WorldView,
    extraTicks: number,
    bufferedAhead: number,
  ): SampledWorld {
    const span = newest.tick - previous.tick;
    const before = new Map(previous.players.map((p) => [p.id, p]));
    const players = newest.players.map((player) => {
      const old = before.get(player.id);
      if (old === undefined || player.hp === 0 || old.hp === 0) return player;
      const vx = (player.x - old.x) / span;
      const vy = (player.y - old.y) / span;
      if (Math.hypot(vx, vy) * span > this.options.teleportDistanceUnits) return player;
      return { ...player, x: player.x + vx * extraTicks, y: player.y + vy * extraTicks };
    });
    const oldProjectiles = new Map(previous.projectiles.map((p) => [p.id, p]));
    const projectiles = newest.projectiles.map((projectile) => {
      const old = oldProjectiles.get(projectile.id);
      if (old === undefined) return projectile;
      const vx = (projectile.x - old.x) / span;
      const vy = (projectile.y - old.y) / span;
      return { ...projectile, x: projectile.x + vx * extraTicks, y: projectile.y + vy * extraTicks };
    });
    return { players, projectiles, extrapolatedTicks: extraTicks, bufferedAhead, hasData: true };
  }
}

function blendProjectiles(from: WorldView, to: WorldView, t: number): ProjectileView[] {
  const earlier = new Map(from.projectiles.map((p) => [p.id, p]));
  const projectiles: ProjectileView[] = [];
  for (const later of to.projectiles) {
    const before = earlier.get(later.id);
    // A projectile fired between the snapshots shows from the later one on.
    if (before === undefined) continue;
    projectiles.push({
      id: later.id,
      x: lerp(before.x, later.x, t),
      y: lerp(before.y, later.y, t),
      angle: later.angle,
    });
  }
  return projectiles;
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

/** Interpolates angles (radians) along the shorter arc. */
export function lerpAngle(a: number, b: number, t: number): number {
  const turn = Math.PI * 2;
  let delta = (b - a) % turn;
  if (delta > Math.PI) delta -= turn;
  if (delta < -Math.PI) delta += turn;
  return a + delta * t;
}
