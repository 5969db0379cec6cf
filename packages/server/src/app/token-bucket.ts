/**
 * A token bucket: `capacity` actions at once, refilled at `refillPerSecond`. Used for per-socket
 * limits (chat lines, messages). Time comes from `now` so tests can drive it.
 */
export class TokenBucket {
  private tokens: number;
  private lastMs: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.lastMs = now();
  }

  /** Takes one token if there is one; false means the action is over the limit. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.lastMs) / 1000) * this.refillPerSecond);
    this.lastMs = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
