/** Where one seat's datagram channel stands. */
export type SignallingPhase = 'idle' | 'negotiating' | 'open' | 'closed';

export interface SignallingLimits {
  /** A channel not open this long after its offer is given up: the client stays on the WebSocket, ms. */
  readonly openTimeoutMs: number;
  /** Remote ICE candidates taken per offer; more are ignored (host candidates: a handful per interface). */
  readonly maxCandidates: number;
  /** Offers one seat may make (a retry after a failure or a close); more are refused. */
  readonly maxOffers: number;
}

/**
 * The server's side of one seat's signalling, without I/O or clocks (time is an argument):
 * what an offer, a candidate, the channel opening, a deadline or a close does, and what is refused.
 * An offer starts a negotiation that must open before its deadline; one negotiation at a time.
 */
export class SignallingState {
  private state: SignallingPhase = 'idle';
  private offers = 0;
  private candidates = 0;
  private deadlineMs = 0;

  constructor(private readonly limits: SignallingLimits) {}

  get phase(): SignallingPhase {
    return this.state;
  }

  /** An offer at `nowMs`: undefined when it starts a negotiation, else why it is refused. */
  offer(nowMs: number): string | undefined {
    if (this.state === 'negotiating' || this.state === 'open') {
      return 'a datagram channel is already negotiating or open: close it first';
    }
    if (this.offers >= this.limits.maxOffers) {
      return `at most ${this.limits.maxOffers} datagram offers per seat`;
    }
    this.offers++;
    this.candidates = 0;
    this.state = 'negotiating';
    this.deadlineMs = nowMs + this.limits.openTimeoutMs;
    return undefined;
  }

  /** A remote candidate: true when it is to be added (negotiating, within the cap). */
  candidate(): boolean {
    if (this.state !== 'negotiating' || this.candidates >= this.limits.maxCandidates) return false;
    this.candidates++;
    return true;
  }

  /** The channel opened: true when that is news (a negotiation that had not timed out or closed). */
  opened(): boolean {
    if (this.state !== 'negotiating') return false;
    this.state = 'open';
    return true;
  }

  /** True, once, when a negotiation is past its deadline at `nowMs` (it is then closed). */
  expire(nowMs: number): boolean {
    if (this.state !== 'negotiating' || nowMs < this.deadlineMs) return false;
    this.state = 'closed';
    return true;
  }

  /** Ends whatever stands; returns the phase it ended in. */
  close(): SignallingPhase {
    const was = this.state;
    this.state = 'closed';
    return was;
  }
}
