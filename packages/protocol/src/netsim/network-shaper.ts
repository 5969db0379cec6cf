import type { NetworkConditions } from './network-profiles';

/**
 * The floor of TCP's retransmission timeout on Linux (`TCP_RTO_MIN`, include/net/tcp.h): its RTO
 * is the smoothed RTT plus a variance term that never goes below this, so on a steady link a
 * retransmission by timeout comes about RTT + 200 ms after the lost send.
 */
export const MIN_RETRANSMIT_MS = 200;

/**
 * RACK's reordering window (RFC 8985, section 6.2: a quarter of the minimum RTT): how much later
 * than a later-sent segment's acknowledgement a segment must be missing to be declared lost.
 */
const RACK_REORDER_WINDOW_RTT = 0.25;

export type ShapingOutcome = { readonly deliverAtMs: number } | { readonly isDropped: true };

/**
 * Decides when a message sent now arrives through one direction of a simulated link. Pure logic
 * with an injected clock and random source, so the server, the bots, the lab and tests share it.
 *
 * A message travels either on the connection's TCP stream (a WebSocket, the default) or as a
 * datagram (`isDroppable`: an unreliable, unordered channel such as a WebRTC DataChannel with
 * `maxRetransmits: 0`). Both see the delay, the jitter and the bandwidth cap (a queue drained at
 * the link rate) of the same link. Loss is what each transport makes of it:
 *
 * - On the stream nothing is ever lost, only late, and everything behind a lost segment waits
 *   for it (head-of-line blocking: a message never overtakes the one before it). The sender
 *   learns of the loss as modern Linux does, by RACK-TLP (RFC 8985): when a segment sent after
 *   it is acknowledged and a reordering window of RTT/4 has passed, so the retransmission
 *   arrives `gap to the next send + 1.25 RTT` after the lost original would have; at least one
 *   RTT. When nothing follows soon enough (a tail loss), the retransmission timeout fires instead:
 *   RTT + `MIN_RETRANSMIT_MS`, so at least 200 ms. Which of the two applies is decided from the
 *   stream's cadence (a smoothed gap between its sends): a stream that sends every tick recovers
 *   by RACK, a lone message by timeout. docs/netcode.md "Loss on each path" works an example.
 * - A datagram that is lost is gone, and datagrams do not wait for each other or for the stream
 *   (jitter may reorder them, as on UDP).
 *
 * What it does not model: TCP's congestion window (a loss does not slow the sender down here),
 * partial frames, loss bursts, or asymmetric routes beyond using one shaper per direction.
 */
export class NetworkShaper {
  private lastStreamDeliveryMs = 0;
  private lastStreamSendMs: number | undefined;
  /** Smoothed gap between the stream's sends, ms (undefined until two were sent). */
  private streamCadenceMs: number | undefined;
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

  /**
   * When a message of `bytes` sent now arrives: on the stream always (late when lost), as a
   * datagram (`isDroppable`) possibly never.
   */
  shape(bytes: number, isDroppable: boolean): ShapingOutcome {
    const { latencyMs, jitterMs, lossPct, bandwidthKbps } = this.conditions;
    const now = this.now();
    if (!isDroppable) this.noteStreamSend(now);
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
    if (isDroppable) return { deliverAtMs: arrival };
    if (isLost) arrival += this.recoveryMs();
    // one stream: never before the message sent ahead of it
    arrival = Math.max(arrival, this.lastStreamDeliveryMs);
    this.lastStreamDeliveryMs = arrival;
    return { deliverAtMs: arrival };
  }

  /** How much later than planned a lost stream segment arrives (see the class comment). */
  recoveryMs(): number {
    const rttMs = 2 * this.conditions.latencyMs;
    const byTimeoutMs = rttMs + MIN_RETRANSMIT_MS;
    if (this.streamCadenceMs === undefined) return byTimeoutMs;
    const byRackMs = this.streamCadenceMs + (1 + RACK_REORDER_WINDOW_RTT) * rttMs;
    return Math.min(byRackMs, byTimeoutMs);
  }

  private noteStreamSend(now: number): void {
    if (this.lastStreamSendMs !== undefined) {
      const gapMs = now - this.lastStreamSendMs;
      // smoothed like TCP's SRTT (RFC 6298: 7/8 old, 1/8 new)
      this.streamCadenceMs =
        this.streamCadenceMs === undefined ? gapMs : 0.875 * this.streamCadenceMs + 0.125 * gapMs;
    }
    this.lastStreamSendMs = now;
  }
}
