import { type Position, quantizeAngle, quantizeMoveAxis } from '@arena/protocol';
import type { RoomHooks, SteppedWorld } from '../rooms/room-hooks';
import type { AppliedInput } from '../sim/world-state';
import {
  encodeRecordingPart,
  type MembershipChange,
  type RecordedInput,
  type RecordingHeader,
} from './recording-format';

/**
 * Writes a room's match as it is played: seat changes as they happen, then each tick's applied
 * inputs and resulting state hash. Parts go to `sink` as they are produced (a file stream), so a
 * crash loses at most the ticks still buffered by the stream. The room calls it as its RoomHooks.
 */
export class MatchRecorder implements RoomHooks {
  private changes: MembershipChange[] = [];

  constructor(
    header: RecordingHeader,
    private readonly sink: (part: Uint8Array) => void,
    private readonly onClose: () => void = () => {},
  ) {
    sink(encodeRecordingPart(header));
  }

  /** The room closed: no more parts (the file is finished). */
  closed(): void {
    this.onClose();
  }

  playerJoined(playerId: number, name: string, spawnAt?: Position): void {
    this.changes.push(
      spawnAt === undefined ? ['join', playerId, name] : ['join', playerId, name, spawnAt.x, spawnAt.y],
    );
  }

  playerLeft(playerId: number): void {
    this.changes.push(['leave', playerId]);
  }

  /** Called after each step with the inputs it applied and the world it produced (its hash is recorded). */
  ticked(tick: number, inputs: ReadonlyMap<number, readonly AppliedInput[]>, world: SteppedWorld): void {
    const recorded: [number, RecordedInput[]][] = [];
    for (const [playerId, list] of inputs) recorded.push([playerId, list.map(toRecordedInput)]);
    const hash = world.stateHash().slice(0, 16);
    this.sink(encodeRecordingPart({ tick, changes: this.changes, inputs: recorded, hash }));
    this.changes = [];
  }
}

/** The wire form of an applied input (it was dequantised from exactly these integers). */
function toRecordedInput(input: AppliedInput): RecordedInput {
  return [
    quantizeMoveAxis(input.moveX),
    quantizeMoveAxis(input.moveY),
    quantizeAngle(input.aim),
    input.fire ? 1 : 0,
    input.viewTick ?? 0,
  ];
}
