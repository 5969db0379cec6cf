import type { NetworkConditions } from './network-profiles';

/** A lost reliable message is resent after at least this long (Linux's minimum TCP RTO). */
export const MIN_RETRANSMIT_MS = 200;

export type ShapingOutcome = { readonly deliverAtMs: number } | { readonly isDropped: true };

/**
 * Decides when a message sent now arrives through one direction of a simulated link. Pure logic
 * with an injected clock and random source, so the server, the bots and tests share it.
 *
 * What it models over a WebSocket (TCP): delay and jitter, without reordering (a message never
 * overtakes the one before it, as on one TCP stream); a bandwidth cap as a queue drained at the
 * link rate; loss as TCP sees it: a lost reliable message arrives after a retransmission timeout
 * and holds back everything behind it (head-of-line blocking), while a droppable message (a
 * volatile snapshot) is simply not delivered. What it does not model: packet-level behaviour
 * inside TCP (congestion windows, partial frames), loss bursts, or asymmetric routes beyond
 * using one shaper per direction.
 */
export class NetworkShaper {
  private lastDeliveryMs = 0;
  private linkFreeAtMs = 0;

  constructor(
    private conditions: NetworkConditions,
    private readonly now: () => number,
    private readonly random: () => number = Math.random,
  ) {}

  get current(): NetworkConditions {
    return this.conditions;
  }

  setConditions(conditions: NetworkConditions): void {
    this.conditions = conditions;
  }

  /** When a message of `bytes` sent now arrives, or that it is dropped (only when `isDroppable`). */
  shape(bytes: number, isDroppable: boolean): ShapingOutcome {
    const { latencyMs, jitterMs, lossPct, bandwidthKbps } = this.conditions;
    const now = this.now();
    const isLost = lossPct > 0 && this.random() * 100 < lossPct;
    if (isLost && isDroppable) return { isDropped: true };
    // serialisation on a capped link: the message leaves when the link is free
    let leaveMs = now;
    if (bandwidthKbps > 0) {
      leaveMs = Math.max(now, this.linkFreeAtMs) + (bytes * 8) / bandwidthKbps;
      this.linkFreeAtMs = leaveMs;
    }
    const jitter = jitterMs > 0 ? (this.random() * 2 - 1) * jitterMs : 0;
    let arrival = leaveMs + Math.max(0, latencyMs + jitter);
    if (isLost) arrival += Math.max(MIN_RETRANSMIT_MS, 2 * latencyMs + jitterMs);
    // one stream: never before the message sent ahead of it
    arrival = Math.max(arrival, this.lastDeliveryMs);
    this.lastDeliveryMs = arrival;
    return { deliverAtMs: arrival };
  }
}
