import { dequantizeAngle, dequantizeMoveAxis, type GameEvent } from '@arena/protocol';
import { hashWorld } from '../sim/state-hash';
import { World, type WorldConfig } from '../sim/world';
import type { AppliedInput } from '../sim/world-state';
import type { RecordedInput, Recording, RecordingEntry } from './recording-format';

export interface ReplayMismatch {
  readonly tick: number;
  readonly recordedHash: string;
  readonly replayedHash: string;
}

export interface ReplayResult {
  readonly ticks: number;
  readonly mismatches: readonly ReplayMismatch[];
  readonly finalHash: string;
}

/** The world settings a recording was played with. */
export function worldConfigForRecording(recording: Recording): WorldConfig {
  const { mode, tickRateHz, seed, maxRewindMs } = recording.header;
  return { mode, tickRateHz, seed, maxRewindMs };
}

/** A world rebuilt from a recording's header, ready to be stepped by its entries. */
export function worldForRecording(recording: Recording): World {
  return new World(worldConfigForRecording(recording));
}

/** Applies one entry to a world: seat changes in order, then the tick's inputs; returns the step's events. */
export function applyEntry(world: World, entry: RecordingEntry): GameEvent[] {
  for (const change of entry.changes) {
    if (change[0] === 'join')
      world.addPlayer(change[1], change[2], change.length === 5 ? { x: change[3], y: change[4] } : undefined);
    else world.removePlayer(change[1]);
  }
  const inputs = new Map<number, AppliedInput[]>();
  for (const [playerId, list] of entry.inputs) inputs.set(playerId, list.map(toAppliedInput));
  return world.step(inputs);
}

/**
 * Re-simulates a recording from its seed and checks the state hash of every tick against the
 * recorded one. A mismatch means the simulation is not deterministic (or the code changed).
 */
export function replayRecording(recording: Recording): ReplayResult {
  const world = worldForRecording(recording);
  const mismatches: ReplayMismatch[] = [];
  let finalHash = hashWorld(world);
  for (const entry of recording.entries) {
    applyEntry(world, entry);
    finalHash = hashWorld(world);
    const replayedHash = finalHash.slice(0, 16);
    if (world.tick !== entry.tick || replayedHash !== entry.hash) {
      mismatches.push({ tick: entry.tick, recordedHash: entry.hash, replayedHash });
    }
  }
  return { ticks: recording.entries.length, mismatches, finalHash };
}

function toAppliedInput([mx, my, aim, fire, viewTick]: RecordedInput): AppliedInput {
  return {
    moveX: dequantizeMoveAxis(mx),
    moveY: dequantizeMoveAxis(my),
    aim: dequantizeAngle(aim),
    fire: fire === 1,
    ...(viewTick > 0 ? { viewTick } : {}),
  };
}
