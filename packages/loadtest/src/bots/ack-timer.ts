/** Send times kept: inputs in flight before an ack. */
const SEND_RING = 4096;

/**
 * Input-to-ack latency (observer bots): when each input left, and, once a snapshot acknowledges
 * it, the time since then. A ring of send times, so timing an input allocates nothing.
 */
export class AckTimer {
  private readonly sentAt = new Float64Array(SEND_RING);
  private lastAck = 0;

  constructor(private readonly onLatency: (ms: number) => void) {}

  /** Input `seq` leaves now. */
  sent(seq: number): void {
    this.sentAt[seq % SEND_RING] = performance.now();
  }

  /** A snapshot acks inputs up to `ackSeq`: reports those it acks first, while `isMeasuring`. */
  acked(ackSeq: number, isMeasuring: boolean): void {
    if (ackSeq <= this.lastAck) return;
    if (isMeasuring) {
      const now = performance.now();
      for (let s = Math.max(this.lastAck + 1, ackSeq - SEND_RING + 1); s <= ackSeq; s++) {
        const sentAt = this.sentAt[s % SEND_RING]!;
        if (sentAt > 0) this.onLatency(now - sentAt);
      }
    }
    this.lastAck = ackSeq;
  }
}
