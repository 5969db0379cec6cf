import type { LoopClock } from '../loop/fixed-tick-loop';

/** Fires once after `idleTimeoutMs` unless cancelled first: how an empty room closes itself. */
export class IdleCloseTimer {
  private handle: unknown;

  constructor(
    private readonly clock: LoopClock,
    private readonly idleTimeoutMs: number,
    private readonly onIdle: () => void,
  ) {}

  /** Starts the wait over (`waitMs` instead of the idle timeout, for a room's first wait). */
  arm(waitMs = this.idleTimeoutMs): void {
    this.cancel();
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      this.onIdle();
    }, waitMs);
  }

  cancel(): void {
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
