import type { Rng } from '../sim/rng';
import { hashWorld } from '../sim/state-hash';
import { World, type WorldConfig } from '../sim/world';

/** One World's whole state at one tick, ready to be restored any number of times. */
export interface WorldCheckpoint {
  readonly tick: number;
  /** A structured clone of the world's own fields, all but its random source. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Draws the world had taken from its random source (replayed on restore). */
  readonly rngCalls: number;
  /** State hash at capture; a restore that does not reproduce it is refused. */
  readonly hash: string;
}

/** The World's random source, which its fields reach but a structured clone cannot copy. */
interface WorldWithRng {
  rng: Rng;
}

/**
 * Captures and restores World states for replay checkpoints. A World has no copy API, and its
 * state is plain data (maps of players and projectiles, the rewind history, counters) except for
 * the seeded random source, a closure over its generator. So a capture is a structured clone of
 * every own field but that one, plus how many draws had been taken; a restore builds a fresh
 * World from the same config (which draws the same map), repeats those draws with the same
 * bounds (logged as they happen; a match takes a few, for spawns), and puts the fields back.
 * Every restore is checked against the state hash taken at capture: if anything about World
 * ever escapes this scheme, `isBroken` turns true and callers rebuild from the start instead.
 */
export class WorldCloner {
  /** Bounds of every draw on the timeline, in order: min, max, min, max, ... */
  private readonly draws: number[] = [];
  private readonly drawCounts = new WeakMap<World, { calls: number }>();
  private broken = false;

  constructor(private readonly config: WorldConfig) {}

  /** True once a capture or restore failed; checkpoints must not be trusted any more. */
  get isBroken(): boolean {
    return this.broken;
  }

  /** A new world at tick 0 whose random draws are logged. */
  create(): World {
    const world = new World(this.config);
    this.track(world, 0);
    return world;
  }

  capture(world: World): WorldCheckpoint | undefined {
    const counter = this.drawCounts.get(world);
    if (this.broken || counter === undefined) return undefined;
    try {
      const { rng: _rng, ...fields } = world as unknown as Record<string, unknown>;
      return {
        tick: world.tick,
        fields: structuredClone(fields),
        rngCalls: counter.calls,
        hash: hashWorld(world),
      };
    } catch {
      this.broken = true;
      return undefined;
    }
  }

  /** A new world in the checkpoint's state, or undefined if that cannot be done faithfully. */
  restore(checkpoint: WorldCheckpoint): World | undefined {
    if (this.broken) return undefined;
    try {
      const world = new World(this.config);
      const rng = (world as unknown as WorldWithRng).rng;
      for (let i = 0; i < checkpoint.rngCalls; i++) rng.int(this.draws[2 * i]!, this.draws[2 * i + 1]!);
      Object.assign(world, structuredClone(checkpoint.fields));
      this.track(world, checkpoint.rngCalls);
      if (hashWorld(world) === checkpoint.hash) return world;
    } catch {
      // fall through: treated like a hash mismatch
    }
    this.broken = true;
    return undefined;
  }

  /** Wraps the world's random source so each draw is logged (or checked against the log). */
  private track(world: World, calls: number): void {
    const target = world as unknown as WorldWithRng;
    const inner = target.rng;
    if (typeof inner?.int !== 'function') {
      this.broken = true;
      return;
    }
    const counter = { calls };
    const draws = this.draws;
    target.rng = {
      int: (min, max) => {
        const at = counter.calls * 2;
        if (at === draws.length) draws.push(min, max);
        else if (draws[at] !== min || draws[at + 1] !== max) this.broken = true; // another timeline
        counter.calls++;
        return inner.int(min, max);
      },
    };
    this.drawCounts.set(world, counter);
  }
}
