/**
 * Tick-aligned inputs (the game client with `?inputs=aligned`, `pnpm loadtest --align-inputs`): a client
 * sends each input a short lead before the server's next tick, instead of at a free-running
 * phase where it waits on average half a tick period for the tick that applies it. No protocol
 * support is needed: each snapshot's arrival marks the server's tick phase, and its ack says
 * whether the input sent before it made that tick. The lead adapts: shorter after a hit, longer
 * after a miss (a miss costs a whole tick of latency, so it grows much faster than it shrinks).
 * Inputs stay one per tick period: only their phase moves. Never longer than half a period:
 * beyond, free-running does better.
 */

/** Never closer to the tick than this, ms: timer lateness and the loopback trip need some. */
export const MIN_LEAD_MS = 0.5;
/** Per input that made its tick, the lead shrinks by this fraction (fast from far, slow near). */
const HIT_SHRINK = 0.03;
/** Per input that missed it, the lead grows by this fraction of the tick period. */
const MISS_GROWTH = 0.1;

export class InputLead {
  private leadMs: number;

  constructor(private readonly periodMs: number) {
    this.leadMs = this.maxMs;
  }

  get ms(): number {
    return this.leadMs;
  }

  /** Half a period: a longer lead would wait longer than a free-running input does on average. */
  private get maxMs(): number {
    return this.periodMs / 2;
  }

  /**
   * A snapshot arrived: did it acknowledge the newest input sent before it? A miss costs a whole
   * tick of latency, so the lead grows fast on one and shrinks by a few percent per hit: it
   * settles where a few percent of inputs miss, about a second after a change at 60 Hz.
   */
  record(isHit: boolean): void {
    this.leadMs = isHit
      ? Math.max(MIN_LEAD_MS, this.leadMs * (1 - HIT_SHRINK))
      : Math.min(this.maxMs, this.leadMs + MISS_GROWTH * this.periodMs);
  }
}

/**
 * The next send time, moved the shortest way round the period so that it falls `leadMs` before
 * the tick after the one whose snapshot arrived at `arrivalMs` (that tick is due about one period
 * after the arrival, whatever the one-way delay: the arrival only marks the phase).
 */
export function alignedSendTime(nextMs: number, arrivalMs: number, periodMs: number, leadMs: number): number {
  const target = arrivalMs + periodMs - leadMs;
  let error = (target - nextMs) % periodMs;
  if (error > periodMs / 2) error -= periodMs;
  else if (error <= -periodMs / 2) error += periodMs;
  return nextMs + error;
}

/**
 * The send schedule of tick-aligned inputs, one per tick period: each snapshot marks the server's
 * tick phase and moves the next send time to the lead before the following tick; the lead learns
 * from whether the newest input sent before that snapshot was acknowledged by it. Used by the
 * game client (RoomSession) and the load-test bots alike.
 */
export class AlignedInputSchedule {
  private readonly lead: InputLead;
  private nextAtMs: number | undefined;

  /** `firstAtMs`: when to send before any snapshot arrived (undefined: not before one). */
  constructor(
    private readonly periodMs: number,
    firstAtMs?: number,
  ) {
    this.lead = new InputLead(periodMs);
    this.nextAtMs = firstAtMs;
  }

  get leadMs(): number {
    return this.lead.ms;
  }

  /** When the next input is due, ms (undefined before the first snapshot, without `firstAtMs`). */
  get nextMs(): number | undefined {
    return this.nextAtMs;
  }

  /** A snapshot acknowledging `ackSeq` arrived at `nowMs`; `newestSentSeq`: the newest input sent (0: none). */
  snapshotArrived(ackSeq: number, newestSentSeq: number, nowMs: number): void {
    if (newestSentSeq > 0) this.lead.record(ackSeq >= newestSentSeq);
    this.nextAtMs = alignedSendTime(this.nextAtMs ?? nowMs, nowMs, this.periodMs, this.lead.ms);
  }

  /**
   * Inputs due at `nowMs`, at most `maxBurst`, advancing the schedule by a period each; a longer
   * gap (a stall, a hidden tab) is dropped, not replayed as a burst. 0 before the schedule starts.
   */
  due(nowMs: number, maxBurst: number): number {
    if (this.nextAtMs === undefined) return 0;
    let due = 0;
    while (this.nextAtMs <= nowMs && due < maxBurst) {
      due++;
      this.nextAtMs += this.periodMs;
    }
    if (this.nextAtMs <= nowMs) this.nextAtMs = nowMs + this.periodMs;
    return due;
  }
}
