import { INPUT_SEQ_MAX_JUMP, type InputMessage } from '@arena/protocol';

export type OfferOutcome = 'queued' | 'stale' | 'duplicate' | 'dropped-oldest' | 'too-far-ahead';

/**
 * One player's pending inputs, kept in seq order and bounded. The room takes at most one per
 * tick, so a client cannot move faster by sending more; a burst after a pause is capped by the
 * capacity (the oldest inputs go first: the freshest intent matters most).
 */
export class InputQueue {
  private readonly pending: InputMessage[] = [];
  private lastApplied = 0;

  constructor(private readonly capacity: number) {}

  /** Seq of the last input applied (0 before any): what snapshots acknowledge. */
  get lastAppliedSeq(): number {
    return this.lastApplied;
  }

  get length(): number {
    return this.pending.length;
  }

  offer(input: InputMessage): OfferOutcome {
    if (input.seq <= this.lastApplied) return 'stale';
    if (input.seq > this.lastApplied + INPUT_SEQ_MAX_JUMP) return 'too-far-ahead';
    let index = this.pending.length;
    while (index > 0 && this.pending[index - 1]!.seq > input.seq) index--;
    if (index > 0 && this.pending[index - 1]!.seq === input.seq) return 'duplicate';
    this.pending.splice(index, 0, input);
    if (this.pending.length <= this.capacity) return 'queued';
    this.pending.shift();
    return 'dropped-oldest';
  }

  /** The next input in seq order, which becomes the acknowledged one. */
  take(): InputMessage | undefined {
    const next = this.pending.shift();
    if (next !== undefined) this.lastApplied = next.seq;
    return next;
  }
}
