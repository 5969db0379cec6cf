/** How long `waitFor` waits by default, ms: long enough for a busy machine, shorter than a test's timeout. */
export const WAIT_FOR_TIMEOUT_MS = 10_000;
/** How often `waitFor` checks a condition that nothing wakes it for, ms. */
export const WAIT_FOR_POLL_MS = 10;

type Falsy = false | 0 | '' | null | undefined;

/** Options of `waitFor`. */
export interface WaitForOptions {
  /**
   * Rejects after this long.
   * @default WAIT_FOR_TIMEOUT_MS
   */
  readonly timeoutMs?: number;
  /**
   * Checks the condition this often, besides whenever `wakeOn` calls back.
   * @default WAIT_FOR_POLL_MS
   */
  readonly pollMs?: number;
  /**
   * Subscribes a check to the events that change the condition (each message a client receives),
   * so a state that holds between two events only is seen; returns the unsubscribe.
   */
  readonly wakeOn?: (check: () => void) => () => void;
  /** Added to the timeout error: the state that was seen (a process's output, a client's last tick). */
  readonly detail?: () => string;
}

/**
 * Resolves with the condition's first truthy value, checked at once, on every `wakeOn` call and
 * every `pollMs`; rejects after `timeoutMs` naming `what`, or as soon as the condition throws.
 * An async condition (an HTTP request) is never checked twice at a time. Needs real timers.
 */
export function waitFor<T>(
  condition: () => T | PromiseLike<T>,
  what: string,
  options: WaitForOptions = {},
): Promise<Exclude<T, Falsy>> {
  const timeoutMs = options.timeoutMs ?? WAIT_FOR_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let isSettled = false;
    let isChecking = false;
    let isRecheckDue = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let poll: ReturnType<typeof setInterval> | undefined;
    let unsubscribe: (() => void) | undefined;

    const settle = (error: unknown, value?: T): void => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      clearInterval(poll);
      unsubscribe?.();
      if (error !== undefined) reject(error);
      else resolve(value as Exclude<T, Falsy>);
    };
    const onValue = (value: T): void => {
      isChecking = false;
      if (value) settle(undefined, value);
      else if (isRecheckDue) {
        isRecheckDue = false;
        check();
      }
    };
    // Synchronous conditions are read in the same turn as the event that woke the check, so a
    // client's state between two messages of one network read is not skipped.
    const check = (): void => {
      if (isSettled) return;
      if (isChecking) {
        isRecheckDue = true;
        return;
      }
      isChecking = true;
      let result: T | PromiseLike<T>;
      try {
        result = condition();
      } catch (error) {
        settle(error ?? new Error(what));
        return;
      }
      if (isPromiseLike(result)) result.then(onValue, (error: unknown) => settle(error ?? new Error(what)));
      else onValue(result);
    };

    check();
    if (isSettled) return;
    timer = setTimeout(() => {
      const detail = options.detail?.();
      settle(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `\n${detail}` : ''}`));
    }, timeoutMs);
    poll = setInterval(check, options.pollMs ?? WAIT_FOR_POLL_MS);
    unsubscribe = options.wakeOn?.(check);
  });
}

/**
 * Resolves once `tickOf()` (a room's tick, the tick of a client's newest snapshot) has moved
 * `ticks` past its value now: a "nothing happened" check waits for simulated time, not wall time.
 */
export async function waitForTicks(
  tickOf: () => number,
  ticks: number,
  what = `${ticks} more ticks`,
  options: WaitForOptions = {},
): Promise<number> {
  const from = tickOf();
  await waitFor(() => tickOf() >= from + ticks, what, {
    detail: () => `at tick ${tickOf()}, waiting from ${from} for ${from + ticks}`,
    ...options,
  });
  return tickOf();
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
