import { INPUT_SEQ_MAX_JUMP, type InputMessage } from '@arena/protocol';

export type OfferOutcome = 'queued' | 'stale' | 'duplicate' | 'dropped-oldest' | 'too-far-ahead';

/** Inputs applied in one tick at most: the tick's own, plus one left over by network jitter. */
export const MAX_INPUTS_PER_TICK = 2;
/**
 * Input credit: one per tick, capped. Each applied input spends one, so over any T ticks a
 * player gets at most T + INPUT_CREDIT_CAP inputs applied, however many it sends.
 */
export const INPUT_CREDIT_CAP = 2;

/**
 * One player's pending inputs, kept in seq order and bounded. Each tick applies one input, or
 * two when a tick without input left credit over: two inputs that arrive in one tick after a
 * gap are both applied at once instead of leaving a standing backlog that would add a tick of
 * latency forever. A client cannot move faster by sending more (the credit bounds it), and a
 * burst after a pause is capped by the capacity (the oldest inputs go first: the freshest
 * intent matters most).
 */
export class InputQueue {
  private readonly pending: InputMessage[] = [];
  private lastApplied = 0;
  private credit = 0;

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

  /** This tick's inputs in seq order (none, one, or two to drain a jitter backlog); the last becomes the ack. */
  takeForTick(): InputMessage[] {
    this.credit = Math.min(INPUT_CREDIT_CAP, this.credit + 1);
    const taken: InputMessage[] = [];
    while (taken.length < MAX_INPUTS_PER_TICK && this.credit >= 1 && this.pending.length > 0) {
      const next = this.pending.shift()!;
      taken.push(next);
      this.lastApplied = next.seq;
      this.credit--;
    }
    return taken;
  }
}
