import { applyEntry, hashWorld, worldForRecording } from '@arena/server';
import type { LabRecording } from './recording-file';

const NOT_IN_ROOM = 255;

/** Where the server had one player at one tick. */
export interface TruthPosition {
  readonly x: number;
  readonly y: number;
}

/** The lookup the error statistics need; `GroundTruth` implements it, tests build their own. */
export interface TruthSource {
  /** Where `playerId` was at the end of integer tick `tick`, if it was in the room then. */
  at(playerId: number, tick: number): TruthPosition | undefined;
}

/**
 * Every player's exact position at every tick of a recorded match, obtained by re-simulating the
 * recording with the server's own `World` (same seed, same seat changes, the same quantised
 * inputs in the same ticks). The recorded state hash of every tick is compared with the
 * re-simulated one: `divergedAtTick` names the first tick that differs (null when none does), so
 * a truth that is not the truth cannot go unnoticed.
 */
export class GroundTruth implements TruthSource {
  readonly firstTick: number;
  readonly lastTick: number;
  readonly divergedAtTick: number | null;
  /** Per player: x, y per tick from firstTick (NaN where the player was not in the room). */
  private readonly tracks = new Map<number, Float64Array>();
  /** Per player: inputs the server applied in each tick from firstTick (255: not in the room). */
  private readonly applied = new Map<number, Uint8Array>();

  private constructor(firstTick: number, lastTick: number, divergedAtTick: number | null) {
    this.firstTick = firstTick;
    this.lastTick = lastTick;
    this.divergedAtTick = divergedAtTick;
  }

  static fromRecording(recording: LabRecording): GroundTruth {
    const { entries } = recording;
    const world = worldForRecording(recording);
    const firstTick = entries[0]?.tick ?? 0;
    const lastTick = entries.at(-1)?.tick ?? 0;
    const span = Math.max(0, lastTick - firstTick + 1);
    let diverged: number | null = null;
    const truth = new GroundTruth(firstTick, lastTick, null);
    for (const entry of entries) {
      applyEntry(world, entry);
      const inputCounts = new Map(entry.inputs.map(([playerId, list]) => [playerId, list.length]));
      if (diverged === null && (world.tick !== entry.tick || hashWorld(world).slice(0, 16) !== entry.hash)) {
        diverged = entry.tick;
      }
      for (const player of world.playerStates()) {
        let track = truth.tracks.get(player.id);
        let counts = truth.applied.get(player.id);
        if (track === undefined || counts === undefined) {
          track = new Float64Array(span * 2).fill(Number.NaN);
          counts = new Uint8Array(span).fill(NOT_IN_ROOM);
          truth.tracks.set(player.id, track);
          truth.applied.set(player.id, counts);
        }
        const index = (entry.tick - firstTick) * 2;
        track[index] = player.x;
        track[index + 1] = player.y;
        counts[entry.tick - firstTick] = Math.min(NOT_IN_ROOM - 1, inputCounts.get(player.id) ?? 0);
      }
    }
    return diverged === null ? truth : truth.withDivergence(diverged);
  }

  at(playerId: number, tick: number): TruthPosition | undefined {
    if (!Number.isInteger(tick) || tick < this.firstTick || tick > this.lastTick) return undefined;
    const track = this.tracks.get(playerId);
    if (track === undefined) return undefined;
    const index = (tick - this.firstTick) * 2;
    const x = track[index]!;
    if (Number.isNaN(x)) return undefined;
    return { x, y: track[index + 1]! };
  }

  /** How many inputs the server applied for `playerId` in `tick`; undefined when it was not in the room. */
  inputsAppliedAt(playerId: number, tick: number): number | undefined {
    if (!Number.isInteger(tick) || tick < this.firstTick || tick > this.lastTick) return undefined;
    const count = this.applied.get(playerId)?.[tick - this.firstTick];
    return count === undefined || count === NOT_IN_ROOM ? undefined : count;
  }

  /** Player ids seen in the match. */
  get playerIds(): number[] {
    return [...this.tracks.keys()];
  }

  private withDivergence(tick: number): GroundTruth {
    const copy = new GroundTruth(this.firstTick, this.lastTick, tick);
    for (const [id, track] of this.tracks) copy.tracks.set(id, track);
    for (const [id, counts] of this.applied) copy.applied.set(id, counts);
    return copy;
  }
}
