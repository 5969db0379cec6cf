import { isPerfectNetwork, type NetworkConditions, NetworkShaper } from '@arena/protocol';

/** A seeded random source (xorshift32), so a bot's losses and jitter repeat from run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Messages held back by one direction of a simulated link, in delivery order. */
class DelayedDirection {
  private readonly shaper: NetworkShaper;
  private readonly queue: { readonly atMs: number; readonly deliver: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private isClosed = false;
  dropped = 0;

  constructor(conditions: NetworkConditions, random: () => number) {
    this.shaper = new NetworkShaper(conditions, () => performance.now(), random);
  }

  push(bytes: number, isDroppable: boolean, deliver: () => void): void {
    if (this.isClosed) return;
    const outcome = this.shaper.shape(bytes, isDroppable);
    if ('isDropped' in outcome) {
      this.dropped++;
      return;
    }
    // In arrival order, not send order: a datagram does not wait behind a stream message held
    // back by a retransmission, and jitter may reorder datagrams. The stream's own messages
    // keep their order (the shaper never delivers one before the one sent ahead of it), and
    // one arriving at the same moment as another goes after it.
    const atMs = outcome.deliverAtMs;
    let index = this.queue.length;
    while (index > 0 && this.queue[index - 1]!.atMs > atMs) index--;
    this.queue.splice(index, 0, { atMs, deliver });
    if (index === 0) this.arm();
  }

  close(): void {
    this.isClosed = true;
    clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private flush(): void {
    this.timer = undefined;
    const now = performance.now();
    while (!this.isClosed && this.queue.length > 0 && this.queue[0]!.atMs <= now) {
      this.queue.shift()!.deliver();
    }
    if (this.queue.length > 0) this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), Math.max(0, this.queue[0]!.atMs - performance.now()));
  }
}

/**
 * A simulated network on the bot's side of one connection: the same NetworkShaper the server
 * uses, one per direction. Outgoing messages are held back before they are written to the
 * socket (on the WebSocket never dropped: a "lost" one arrives a retransmission late, holding
 * back those behind it); incoming ones are held back after the socket received them, and only
 * datagrams (`isDroppable`) may vanish. The bytes still cross loopback at once: what is
 * simulated is when the bot's code sees them, not the kernel's or the server's socket buffers.
 */
export class SimulatedLink {
  private readonly upLink: DelayedDirection | undefined;
  private readonly downLink: DelayedDirection | undefined;

  constructor(
    readonly conditions: NetworkConditions,
    random: () => number = Math.random,
  ) {
    if (!isPerfectNetwork(conditions)) {
      this.upLink = new DelayedDirection(conditions, random);
      this.downLink = new DelayedDirection(conditions, random);
    }
  }

  /** Datagrams the downlink dropped so far (none on the WebSocket). */
  get droppedDown(): number {
    return this.downLink?.dropped ?? 0;
  }

  /**
   * An outgoing message of `bytes`: `deliver` writes it to the socket when it "arrives". A
   * droppable one (a datagram) may vanish, as loss does to UDP; others arrive late instead.
   */
  up(bytes: number, deliver: () => void, isDroppable = false): void {
    if (this.upLink === undefined) deliver();
    else this.upLink.push(bytes, isDroppable, deliver);
  }

  /** An incoming message of `bytes`: `deliver` hands it to the bot when it "arrives", unless it is a datagram (`isDroppable`) that was lost. */
  down(bytes: number, isDroppable: boolean, deliver: () => void): void {
    if (this.downLink === undefined) deliver();
    else this.downLink.push(bytes, isDroppable, deliver);
  }

  /** Forgets everything in flight (the bot is stopping). */
  close(): void {
    this.upLink?.close();
    this.downLink?.close();
  }
}
