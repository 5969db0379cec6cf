import { AlignedInputSchedule } from '@arena/netcode';

/**
 * When a bot sends its inputs: one per tick period, on its own drift-corrected timer from a random
 * phase, or tick-aligned (tick-aligned-inputs.ts), each snapshot's arrival pulling the phase to a
 * lead before the server's next tick.
 */
export class InputTimer {
  private timer: NodeJS.Timeout | undefined;
  private isStopped = false;
  /** Tick-aligned inputs: their schedule, and a hook that re-arms the timer when a snapshot moves it. */
  private alignedInputs: AlignedInputSchedule | undefined;
  private onSnapshotArrival: ((ackSeq: number) => void) | undefined;

  constructor(
    private readonly tickHz: number,
    /** Produces and sends the next input. */
    private readonly sendInput: () => void,
    /** The seq of the newest input sent, which a snapshot's ack is compared with. */
    private readonly lastSeq: () => number,
  ) {}

  /**
   * Starts the timer at a random phase within the tick period. With `isAligned`, each snapshot's
   * arrival then pulls the phase to a lead before the next tick (one input per period either way;
   * without snapshots the timer keeps running free).
   */
  start(isAligned: boolean): void {
    const periodMs = 1000 / this.tickHz;
    const tickHz = this.tickHz;
    const firstAtMs = performance.now() + Math.random() * periodMs;
    if (isAligned) {
      this.startAligned(periodMs, firstAtMs);
      return;
    }
    let next = firstAtMs;
    const fire = () => {
      if (this.isStopped) return;
      this.sendInput();
      next += periodMs;
      // About once a second, shift the send phase by a random fraction of a period, so the
      // observers sample every phase relative to the server tick (as the peers' bots do).
      if (Math.random() < 1 / tickHz) next += Math.random() * periodMs;
      const now = performance.now();
      if (next < now - periodMs) next = now; // saturated: skip the backlog rather than burst
      this.timer = setTimeout(fire, Math.max(0, next - now));
    };
    this.timer = setTimeout(fire, Math.max(0, next - performance.now()));
  }

  /** The current lead of tick-aligned inputs, ms (undefined when they are free-running). */
  get leadMs(): number | undefined {
    return this.alignedInputs?.leadMs;
  }

  /** A snapshot acknowledging `ackSeq` arrived: tick-aligned inputs move their next send. */
  snapshotArrived(ackSeq: number): void {
    this.onSnapshotArrival?.(ackSeq);
  }

  stop(): void {
    this.isStopped = true;
    clearTimeout(this.timer);
  }

  /**
   * Tick-aligned inputs: one timer on the AlignedInputSchedule, re-armed whenever a snapshot
   * moves it; at most one input per firing (a saturated bot skips its backlog, as free-running).
   */
  private startAligned(periodMs: number, firstAtMs: number): void {
    const schedule = new AlignedInputSchedule(periodMs, firstAtMs);
    this.alignedInputs = schedule;
    const arm = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(fire, Math.max(0, (schedule.nextMs ?? firstAtMs) - performance.now()));
    };
    const fire = () => {
      if (this.isStopped) return;
      if (schedule.due(performance.now(), 1) > 0) this.sendInput();
      arm();
    };
    this.onSnapshotArrival = (ackSeq) => {
      schedule.snapshotArrived(ackSeq, this.lastSeq(), performance.now());
      arm();
    };
    arm();
  }
}
