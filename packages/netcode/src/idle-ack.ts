/** A client that has told the server nothing for this long sends an `ack` with its next snapshot, ms. */
export const IDLE_ACK_MS = 1000;

/**
 * Keeps a client's snapshot acknowledgements going while it sends no inputs. Acks ride on
 * inputs, and inputs leave from the render loop, which stops in a hidden browser tab (no
 * requestAnimationFrame) or before a bot starts playing; a server drops a player whose
 * acknowledged snapshot stops advancing (`--ack-timeout-ms`, 10 s by default). Driven by
 * snapshot arrivals, which keep coming in a hidden tab (socket events are not throttled the way
 * timers are), so an idle client acks about once a second and a playing one never needs to.
 */
export class IdleAck {
  private quietSinceMs: number | undefined;
  private hasReported = false;

  /** An input just carried the newest snapshot tick (no clock read: this runs for every input). */
  reported(): void {
    this.hasReported = true;
  }

  /** A snapshot arrived at `nowMs`: true when the client should send an `ack` now. */
  snapshotArrived(nowMs: number): boolean {
    if (this.hasReported || this.quietSinceMs === undefined) {
      this.hasReported = false;
      this.quietSinceMs = nowMs;
      return false;
    }
    if (nowMs - this.quietSinceMs < IDLE_ACK_MS) return false;
    this.quietSinceMs = nowMs;
    return true;
  }
}
