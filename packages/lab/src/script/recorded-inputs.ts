import { dequantizeAngle, dequantizeMoveAxis, type RoomMode } from '@arena/protocol';
import type { LabRecording } from '../truth/recording-file';
import type { InputSource, ScriptedInput } from './input-script';

/** One player of a recorded match: its inputs in the order the server applied them. */
export interface RecordedPlayer {
  readonly id: number;
  readonly name: string;
  readonly inputs: readonly ScriptedInput[];
}

/** A recorded match, as the lab replays it: its settings and every player's inputs. */
export interface ReplayedMatch {
  readonly file: string;
  readonly mode: RoomMode;
  readonly seed: number;
  readonly tickRateHz: number;
  readonly ticks: number;
  /** In the order they first joined (the probes join in this order). */
  readonly players: readonly RecordedPlayer[];
}

/**
 * The inputs of every player of a recording, in the order the server applied them (which is the
 * order they were sent: seqs only grow), dequantised exactly as the server applied them.
 */
export function replayedMatch(file: string, recording: LabRecording): ReplayedMatch {
  const order: number[] = [];
  const names = new Map<number, string>();
  const inputs = new Map<number, ScriptedInput[]>();
  for (const entry of recording.entries) {
    for (const change of entry.changes) {
      if (change[0] !== 'join' || names.has(change[1])) continue;
      order.push(change[1]);
      names.set(change[1], change[2]);
      inputs.set(change[1], []);
    }
    for (const [playerId, list] of entry.inputs) {
      const own = inputs.get(playerId);
      if (own === undefined) continue;
      for (const [mx, my, aim, fire] of list) {
        own.push({
          moveX: dequantizeMoveAxis(mx),
          moveY: dequantizeMoveAxis(my),
          aim: dequantizeAngle(aim),
          fire: fire === 1,
        });
      }
    }
  }
  const { mode, seed, tickRateHz } = recording.header;
  return {
    file,
    mode,
    seed,
    tickRateHz,
    ticks: recording.entries.length,
    players: order.map((id) => ({ id, name: names.get(id)!, inputs: inputs.get(id)! })),
  };
}

/** A probe's inputs from a recorded player: its n-th applied input, then standing still. */
export class RecordedInputs implements InputSource {
  constructor(private readonly inputs: readonly ScriptedInput[]) {}

  at(seq: number): ScriptedInput {
    const input = this.inputs[seq - 1];
    if (input !== undefined) return input;
    const last = this.inputs.at(-1);
    return { moveX: 0, moveY: 0, aim: last?.aim ?? 0, fire: false };
  }
}
