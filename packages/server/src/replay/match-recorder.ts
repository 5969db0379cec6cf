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
 *
 * The match ends when its last player leaves: the tick that applies that leave is the last one
 * written and `onClose` finishes the file, so an empty room's wait for newcomers is not in it. A
 * seat held for a rejoin is not a leave, so a player who comes back within the grace period is
 * still in the same recording. Play after the match ended (someone joins the emptied room before
 * it closes) is not recorded: a recording replays from tick 0, so it cannot restart mid-room.
 */
export class MatchRecorder implements RoomHooks {
  private changes: MembershipChange[] = [];
  private seated = 0;
  /** The last player left: the next tick writes that leave and ends the recording. */
  private isEnding = false;
  private isFinished = false;

  constructor(
    header: RecordingHeader,
    private readonly sink: (part: Uint8Array) => void,
    private readonly onClose: () => void = () => {},
  ) {
    sink(encodeRecordingPart(header));
  }

  /** False once the match ended (its last player left, or the room closed): nothing more is written. */
  get isRecording(): boolean {
    return !this.isFinished;
  }

  /** The room closed: no more parts (the file is finished). */
  closed(): void {
    this.finish();
  }

  playerJoined(playerId: number, name: string, spawnAt?: Position): void {
    if (this.isFinished) return;
    this.seated++;
    this.isEnding = false;
    this.changes.push(
      spawnAt === undefined ? ['join', playerId, name] : ['join', playerId, name, spawnAt.x, spawnAt.y],
    );
  }

  playerLeft(playerId: number): void {
    if (this.isFinished) return;
    this.seated = Math.max(0, this.seated - 1);
    this.isEnding = this.seated === 0;
    this.changes.push(['leave', playerId]);
  }

  /** Called after each step with the inputs it applied and the world it produced (its hash is recorded). */
  ticked(tick: number, inputs: ReadonlyMap<number, readonly AppliedInput[]>, world: SteppedWorld): void {
    if (this.isFinished) return;
    const recorded: [number, RecordedInput[]][] = [];
    for (const [playerId, list] of inputs) recorded.push([playerId, list.map(toRecordedInput)]);
    const hash = world.stateHash().slice(0, 16);
    this.sink(encodeRecordingPart({ tick, changes: this.changes, inputs: recorded, hash }));
    this.changes = [];
    if (this.isEnding) this.finish();
  }

  private finish(): void {
    if (this.isFinished) return;
    this.isFinished = true;
    this.onClose();
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
