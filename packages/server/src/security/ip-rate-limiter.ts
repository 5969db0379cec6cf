import type { TrustedAddresses } from './trusted-addresses';

/**
 * A token bucket per client IP (`perMinute` actions, all at once or spread out), for limits that
 * must hold across all of one address's sockets, such as joins. Memory is bounded: at most
 * `maxAddresses` buckets, and buckets that have refilled completely are forgotten first.
 */
export class IpRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; lastMs: number }>();
  private readonly refillPerMs: number;

  constructor(
    private readonly perMinute: number,
    /** Addresses this limit does not apply to (see trusted-addresses.ts). */
    private readonly trusted: TrustedAddresses = new Set(),
    private readonly maxAddresses = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes one action for `ip`; false when that address is over its limit. A limit of 0 is none. */
  take(ip: string): boolean {
    if (this.perMinute === 0 || this.trusted.has(ip)) return true;
    const now = this.now();
    let bucket = this.buckets.get(ip);
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxAddresses) this.forgetIdle(now);
      bucket = { tokens: this.perMinute, lastMs: now };
      this.buckets.set(ip, bucket);
    }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.lastMs) * this.refillPerMs);
    bucket.lastMs = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  get size(): number {
    return this.buckets.size;
  }

  private forgetIdle(now: number): void {
    for (const [ip, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.lastMs) * this.refillPerMs >= this.perMinute) this.buckets.delete(ip);
    }
    // Everyone is active: drop the oldest entries rather than grow without bound.
    for (const ip of this.buckets.keys()) {
      if (this.buckets.size < this.maxAddresses) break;
      this.buckets.delete(ip);
    }
  }
}
