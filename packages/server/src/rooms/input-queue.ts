import { INPUT_SEQ_MAX_JUMP, type InputMessage } from '@arena/protocol';

export type OfferOutcome = 'queued' | 'stale' | 'duplicate' | 'dropped-oldest' | 'too-far-ahead';

/** Inputs applied in one tick at most: the tick's own, plus up to three to catch up a backlog. */
export const MAX_INPUTS_PER_TICK = 4;
/**
 * Input credit: one per tick period that passes (ticks run, and ticks the loop skipped after a
 * stall), capped at this much time by default (`--input-credit-ms`). Each applied input spends
 * one, so over any span of T tick periods a player gets at most T + cap - 1 inputs applied,
 * however many it sends: time, not the client, decides how far a player can move. 300 ms covers
 * a TCP retransmission (at least 200 ms): the burst of inputs that arrives after one is applied
 * within a few ticks instead of being cut.
 */
export const INPUT_CREDIT_MS = 300;

/**
 * The credit cap in inputs (tick periods) for a tick rate. A credit of 0 ms is the strict rule:
 * a cap of one, so no tick applies more than one input and no span of T tick periods more than
 * T (no second holds more than a second of movement); the price is that a burst after a gap is
 * cut down to the standing backlog instead of caught up, and the client is corrected.
 */
export function inputCreditCap(tickRateHz: number, creditMs: number = INPUT_CREDIT_MS): number {
  if (creditMs === 0) return 1;
  return Math.max(2, Math.ceil((creditMs * tickRateHz) / 1000));
}

/**
 * Inputs that may wait beyond what the credit lets the next tick apply. A longer backlog (after
 * a stall longer than the credit cap, or from a client sending too fast) is cut from its oldest
 * end: a standing queue would add its length to every later input's latency.
 */
export const MAX_STANDING_BACKLOG = 2;

/**
 * The standing backlog allowed with a credit. Under the strict rule (0 ms) nothing drains a
 * backlog, since a client sends one input a tick and the tick applies one: any that stands adds
 * its length to every later input's latency for as long as the client plays, so none may stand.
 */
export function standingBacklogFor(creditMs: number = INPUT_CREDIT_MS): number {
  return creditMs === 0 ? 0 : MAX_STANDING_BACKLOG;
}

/**
 * One player's pending inputs, kept in seq order and bounded. Each tick applies the inputs the
 * credit allows (normally one; more after ticks that brought none, or that the loop skipped),
 * so jitter and stalls do not leave a standing backlog that would add latency forever, while a
 * client cannot move faster by sending more. Dropped inputs are the oldest ones: the freshest
 * intent matters most.
 */
export class InputQueue {
  private readonly pending: InputMessage[] = [];
  private lastApplied = 0;
  // a new player starts as if it had been idle: a burst right after joining is not cut
  private credit: number;

  constructor(
    private readonly capacity: number,
    /** Most credit a player can bank, in inputs (see inputCreditCap). */
    private readonly creditCap: number,
    /** Told how many stale inputs were cut from a standing backlog. */
    private readonly onStaleCut: (count: number) => void = () => {},
    /** Inputs that may stand waiting beyond what the credit drains (MAX_STANDING_BACKLOG; see standingBacklogFor). */
    private readonly maxStandingBacklog: number = MAX_STANDING_BACKLOG,
  ) {
    this.credit = creditCap;
  }

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

  /** Tick periods passed without a tick (the loop skipped them after a stall): they earn credit too. */
  grantSkippedTicks(count: number): void {
    this.credit = Math.min(this.creditCap, this.credit + count);
  }

  /**
   * This tick's inputs in seq order (normally one; more to catch up, within the credit); the last
   * becomes the ack. A backlog that would stand beyond `maxStandingBacklog` after them is cut
   * first, from its oldest end (see `onStaleCut`), so what the tick applies is the freshest intent.
   */
  takeForTick(): InputMessage[] {
    this.credit = Math.min(this.creditCap, this.credit + 1);
    const takeable = Math.min(MAX_INPUTS_PER_TICK, Math.floor(this.credit), this.pending.length);
    // what the banked credit will drain in the next ticks is not standing; the rest would be
    const standing = this.pending.length - takeable - Math.floor(this.credit - takeable);
    if (standing > this.maxStandingBacklog) {
      this.pending.splice(0, standing - this.maxStandingBacklog);
      this.onStaleCut(standing - this.maxStandingBacklog);
    }
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
