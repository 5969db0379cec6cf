/** Shortest sleep worth a system call, ms. */
const MIN_SLEEP_MS = 0.2;
/**
 * How long before a due tick the sleep ends, ms: the batch of messages is read then, and the tick
 * starts once it is read and its timer fires (up to about a millisecond after its due time: the
 * reading time, or Node's millisecond timer clock; ticks are due on a fixed schedule, so this
 * never accumulates). Ending the
 * sleep earlier, by a margin that covered the reading time, left a gap between the reads and the
 * tick in which more inputs arrived and took Node's slower path one by one (15 % of them against
 * 7.5 %): 6 % more CPU per client in paired runs, for no gain in ack latency (docs/netcode.md).
 */
export const SLEEP_MARGIN_MS = 0.25;

/** A tick loop as the sleep sees it: when its next tick is due. */
export interface PlannedLoop {
  /** performance.now() time of the loop's next tick; undefined while stopped. */
  readonly nextTickDueMs: number | undefined;
}

/**
 * Between two ticks the thread sleeps, instead of waking in Node's event loop for every message
 * that arrives: the messages queue in the kernel and are read in one batch just before the tick
 * that applies them. Per message, the wake-up (a context switch, an `epoll_wait`, the event
 * loop's own turn) is what this saves; reading and handling each message still costs the same.
 *
 * A player's input is applied at the next tick whenever it is read, so inputs lose nothing. What
 * waits is everything else (HTTP requests, handshakes, chat): at most until the next tick of any
 * room, one tick period at worst. The sleep ends SLEEP_MARGIN_MS before the tick is due; the
 * batch is read, and the loop's timer then runs the tick.
 *
 * One per process: every loop on the thread registers, and a sleep never passes the earliest due
 * tick of any of them. `Atomics.wait` blocks the thread without spinning (a futex), so the sleep
 * costs no CPU.
 */
export class BetweenTickSleep {
  private readonly loops = new Set<PlannedLoop>();
  private readonly now: () => number;
  private readonly wait: (ms: number) => void;
  /** Runs right after each sleep, before the event loop reads what queued (PendingReads). */
  onWake: (() => void) | undefined;
  private sleptMs = 0;
  private sleeps = 0;

  /** `now` and `wait` are injected by tests; by default performance.now() and a futex wait. */
  constructor(options: { now?: () => number; wait?: (ms: number) => void } = {}) {
    this.now = options.now ?? (() => performance.now());
    this.wait = options.wait ?? sleepThread;
  }

  add(loop: PlannedLoop): void {
    this.loops.add(loop);
  }

  remove(loop: PlannedLoop): void {
    this.loops.delete(loop);
  }

  /** Totals since start, for metrics. */
  get totals(): { readonly sleeps: number; readonly sleptMs: number } {
    return { sleeps: this.sleeps, sleptMs: this.sleptMs };
  }

  /** Called by a loop after its tick(s), once its next tick is planned. */
  sleepUntilNextTick(): void {
    const sleepMs = this.earliestDueMs() - SLEEP_MARGIN_MS - this.now();
    // no loop due (Infinity) or too close: never a sleep without an end
    if (!(sleepMs >= MIN_SLEEP_MS && Number.isFinite(sleepMs))) return;
    const sleptAt = this.now();
    this.wait(sleepMs);
    this.sleeps++;
    this.sleptMs += this.now() - sleptAt;
    this.onWake?.();
  }

  private earliestDueMs(): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const loop of this.loops) {
      const due = loop.nextTickDueMs;
      if (due !== undefined && due < earliest) earliest = due;
    }
    return earliest;
  }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` without spinning: nothing ever notifies the cell. */
function sleepThread(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}
