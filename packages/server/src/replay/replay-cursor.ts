import type { GameEvent } from '@arena/protocol';
import { hashWorld } from '../sim/state-hash';
import type { World } from '../sim/world';
import type { Recording } from './recording-format';
import { applyEntry, worldConfigForRecording } from './replay-match';
import { type WorldCheckpoint, WorldCloner } from './world-cloner';

/**
 * A checkpoint every this many ticks: a seek then re-simulates at most this many (a few ms),
 * wherever it lands in a recording of any length. 256 ticks are 8.5 s at 30 Hz; an hour at
 * 60 Hz keeps about 850 checkpoints of a few kB each.
 */
export const CHECKPOINT_INTERVAL_TICKS = 256;

/** What one replayed tick did. */
export interface ReplayedTick {
  readonly tick: number;
  /** Seat changes as join/leave events, then the events of the step (kills, respawns). */
  readonly events: readonly GameEvent[];
  /** The state hash after the step equals the recorded one. */
  readonly isVerified: boolean;
}

/**
 * A recording being re-simulated with the same World code as the room that recorded it, that
 * can be moved to any tick. Checkpoints are taken as the simulation first passes them; a seek
 * restores the nearest one at or before the target and steps forward from there (forward seeks
 * within one interval just step on). Without usable checkpoints it rebuilds from tick 0.
 */
export class ReplayCursor {
  private readonly cloner: WorldCloner;
  private readonly checkpoints: (WorldCheckpoint | undefined)[] = [];
  private current: World;
  /** Entries applied to `current`. */
  private applied = 0;
  private stepsTaken = 0;
  /** A second world that runs ahead through the recording only to take checkpoints (`prepare`). */
  private scout: { world: World; applied: number } | undefined;

  constructor(
    readonly recording: Recording,
    private readonly checkpointIntervalTicks = CHECKPOINT_INTERVAL_TICKS,
  ) {
    this.cloner = new WorldCloner(worldConfigForRecording(recording));
    this.current = this.cloner.create();
    this.checkpoints[0] = this.cloner.capture(this.current);
  }

  get world(): World {
    return this.current;
  }

  /** Recorded ticks played so far (the world's tick, counted from the recording's first). */
  get position(): number {
    return this.applied;
  }

  get totalTicks(): number {
    return this.recording.entries.length;
  }

  /** Ticks simulated since creation, seeks included (what seeking costs). */
  get simulatedTicks(): number {
    return this.stepsTaken;
  }

  /** False once checkpoints proved unusable (seeks then rebuild from tick 0). */
  get hasCheckpoints(): boolean {
    return !this.cloner.isBroken;
  }

  get isAtEnd(): boolean {
    return this.applied >= this.recording.entries.length;
  }

  /** Advances one recorded tick; undefined at the end. `verify` compares the state hash (one SHA-256). */
  step(verify = true): ReplayedTick | undefined {
    const entry = this.recording.entries[this.applied];
    if (entry === undefined) return undefined;
    const events: GameEvent[] = [];
    for (const change of entry.changes) {
      events.push(
        change[0] === 'join'
          ? { kind: 'join', playerId: change[1], name: change[2] }
          : { kind: 'leave', playerId: change[1] },
      );
    }
    events.push(...applyEntry(this.current, entry));
    this.applied++;
    this.stepsTaken++;
    this.keepCheckpoint(this.current, this.applied);
    const isVerified = verify && hashWorld(this.current).slice(0, 16) === entry.hash;
    return { tick: this.current.tick, events, isVerified };
  }

  /**
   * Simulates up to `ticks` more of the recording ahead of playback, only to take its checkpoints,
   * so that a seek anywhere soon costs at most one interval. Returns true while there is more.
   * Callers spread it over time (a 5-minute match of 8 players at 60 Hz takes about 0.3 s in all).
   */
  prepare(ticks: number): boolean {
    if (this.cloner.isBroken) return false;
    this.scout ??= { world: this.cloner.create(), applied: 0 };
    const scout = this.scout;
    const entries = this.recording.entries;
    for (let i = 0; i < ticks && scout.applied < entries.length; i++) {
      applyEntry(scout.world, entries[scout.applied]!);
      scout.applied++;
      this.stepsTaken++;
      this.keepCheckpoint(scout.world, scout.applied);
    }
    const hasMore = scout.applied < entries.length && !this.cloner.isBroken;
    if (!hasMore) this.scout = undefined;
    return hasMore;
  }

  /** Moves to `position` (clamped to 0..totalTicks): `position` entries applied. */
  seek(position: number): void {
    const target = Math.max(0, Math.min(this.totalTicks, Math.floor(position)));
    const interval = this.checkpointIntervalTicks;
    const isShortHop = target >= this.applied && target - this.applied < interval;
    if (!isShortHop) this.jumpToCheckpointBefore(target);
    while (this.applied < target) this.step(false);
  }

  private jumpToCheckpointBefore(target: number): void {
    for (let index = Math.floor(target / this.checkpointIntervalTicks); index >= 0; index--) {
      const checkpoint = this.checkpoints[index];
      if (checkpoint === undefined) continue;
      const position = index * this.checkpointIntervalTicks;
      // Stepping on from here is cheaper than any restore.
      if (position <= this.applied && this.applied <= target) return;
      const world = this.cloner.restore(checkpoint);
      if (world === undefined) break;
      this.current = world;
      this.applied = position;
      return;
    }
    if (this.applied <= target) return;
    this.current = this.cloner.create();
    this.applied = 0;
  }

  private keepCheckpoint(world: World, applied: number): void {
    if (applied % this.checkpointIntervalTicks !== 0) return;
    const index = applied / this.checkpointIntervalTicks;
    if (this.checkpoints[index] === undefined) this.checkpoints[index] = this.cloner.capture(world);
  }
}
