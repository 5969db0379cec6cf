/** Shortest sleep worth a system call, ms. */
const MIN_SLEEP_MS = 0.2;
/** Bounds of the margin left before a due tick for reading the batch of messages, ms. */
const MIN_MARGIN_MS = 0.25;
const MAX_MARGIN_MS = 4;
/** Weight of the newest batch in the running estimate of a batch's reading time. */
const BATCH_EWMA_WEIGHT = 0.125;

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
 * room, one tick period at worst. The sleep ends early enough for the batch to be read before
 * the tick is due: the margin follows how long recent batches took (measured from the end of the
 * sleep to the end of the event loop's poll phase that read them), within 0.25-4 ms.
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
  private batchMs = 0.5;
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

  /** Time left before a due tick for reading the batch, ms. */
  get marginMs(): number {
    return Math.min(MAX_MARGIN_MS, Math.max(MIN_MARGIN_MS, 1.5 * this.batchMs + MIN_MARGIN_MS));
  }

  /** Totals since start, for metrics. */
  get totals(): { readonly sleeps: number; readonly sleptMs: number } {
    return { sleeps: this.sleeps, sleptMs: this.sleptMs };
  }

  /** Called by a loop after its tick(s), once its next tick is planned. */
  sleepUntilNextTick(): void {
    const sleepMs = this.earliestDueMs() - this.marginMs - this.now();
    // no loop due (Infinity) or too close: never a sleep without an end
    if (!(sleepMs >= MIN_SLEEP_MS && Number.isFinite(sleepMs))) return;
    const sleptAt = this.now();
    this.wait(sleepMs);
    const wokeAt = this.now();
    this.sleeps++;
    this.sleptMs += wokeAt - sleptAt;
    this.onWake?.();
    // The check phase follows the poll phase that reads what queued during the sleep (and what
    // onWake did not): the batch's reading time, from waking until then.
    setImmediate(() => this.learnBatch(this.now() - wokeAt));
  }

  private earliestDueMs(): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const loop of this.loops) {
      const due = loop.nextTickDueMs;
      if (due !== undefined && due < earliest) earliest = due;
    }
    return earliest;
  }

  private learnBatch(ms: number): void {
    this.batchMs += BATCH_EWMA_WEIGHT * (ms - this.batchMs);
  }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` without spinning: nothing ever notifies the cell. */
function sleepThread(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}
