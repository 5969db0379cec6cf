import { isPerfectNetwork, type NetworkConditions, NetworkShaper } from '@arena/protocol';

/**
 * One direction of a connection: passes messages straight through, or, while network conditions
 * are simulated, holds each until the NetworkShaper says it arrives (one timer for the head of
 * the queue; on the WebSocket nothing is dropped, only late; a datagram may be lost).
 */
export class DelayLine {
  private shaper: NetworkShaper | undefined;
  private readonly queue: { readonly atMs: number; readonly bytes: Uint8Array }[] = [];
  private timer: NodeJS.Timeout | undefined;
  queuedBytes = 0;

  constructor(private readonly deliver: (bytes: Uint8Array) => void) {}

  get conditions(): NetworkConditions | undefined {
    return this.shaper?.current;
  }

  /** Nothing simulated and nothing queued: a message pushed now would be delivered at once. */
  get isPassThrough(): boolean {
    return this.shaper === undefined && this.queue.length === 0;
  }

  simulate(conditions: NetworkConditions | undefined): void {
    if (conditions === undefined || isPerfectNetwork(conditions)) {
      this.shaper = undefined;
      this.flush();
    } else if (this.shaper === undefined) {
      this.shaper = new NetworkShaper(conditions, () => performance.now());
    } else {
      this.shaper.setConditions(conditions);
    }
  }

  push(bytes: Uint8Array, isDroppable: boolean): void {
    if (this.shaper === undefined && this.queue.length === 0) {
      this.deliver(bytes);
      return;
    }
    if (this.shaper === undefined) {
      this.queue.push({ atMs: 0, bytes });
      this.flush();
      return;
    }
    const outcome = this.shaper.shape(bytes.length, isDroppable);
    if ('isDropped' in outcome) return;
    // In arrival order: jitter may reorder datagrams, and a stream's messages keep their order
    // (the shaper never delivers one before the one sent ahead of it; equal times stay in order).
    const atMs = outcome.deliverAtMs;
    let index = this.queue.length;
    while (index > 0 && this.queue[index - 1]!.atMs > atMs) index--;
    this.queue.splice(index, 0, { atMs, bytes });
    this.queuedBytes += bytes.length;
    if (index === 0) this.arm();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  /** Delivers everything due (all of it once simulation is off), then waits for the next. */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = performance.now();
    while (this.queue.length > 0 && (this.shaper === undefined || this.queue[0]!.atMs <= now)) {
      const { bytes } = this.queue.shift()!;
      this.queuedBytes -= bytes.length;
      this.deliver(bytes);
    }
    if (this.queue.length > 0) this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), Math.max(0, this.queue[0]!.atMs - performance.now()));
  }
}
