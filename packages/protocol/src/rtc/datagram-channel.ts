import type { RtcSignalMessage } from '../wire/messages';
import { DatagramNegotiation, type DatagramNegotiationOptions } from './datagram-negotiation';
import { DATAGRAM_CHANNEL_CLOSED } from './rtc-peer';

/** Offers a client makes for one seat before it stays on the WebSocket: what the server takes per seat. */
export const DATAGRAM_ATTEMPTS = 3;

/** How a channel ended: it never opened (after every offer it made), or it closed after opening. */
export interface DatagramFallback {
  readonly reason: string;
  /** The server said `close` (a refusal, a room without datagrams), rather than this side giving up. */
  readonly isServerClose: boolean;
  /** The channel had opened: the client goes back to the WebSocket rather than staying on it. */
  readonly wasOpen: boolean;
  /** Offers made. */
  readonly attempts: number;
}

export interface DatagramChannelHandlers {
  /** Sends a signalling message to the server over the WebSocket. */
  signal(message: RtcSignalMessage): void;
  /** A datagram from the server (a snapshot message's bytes). */
  datagram(bytes: Uint8Array): void;
  /** The channel opened after `attempts` offers: snapshots and inputs travel over it from now on. */
  opened(attempts: number): void;
  /** The channel did not open, or closed: the client stays on (or goes back to) the WebSocket. */
  fellBack(fallback: DatagramFallback): void;
}

export interface DatagramChannelOptions extends DatagramNegotiationOptions {
  /** @default DATAGRAM_ATTEMPTS */
  readonly attempts?: number;
}

/**
 * A client's datagram channel for the seat it holds, shared by the page, the load-test bots and
 * the lab's probes (each brings its own RtcPeer). It negotiates (DatagramNegotiation) and, when
 * a handshake fails before the channel opens, offers again on a new peer, up to DATAGRAM_ATTEMPTS:
 * concurrent DTLS handshakes sometimes fail with "unknown CA" (docs/netcode.md "Datagrams"). A
 * refusal, a timeout or a room without datagrams is final, since another offer would meet the same.
 */
export class DatagramChannel {
  private negotiation: DatagramNegotiation | undefined;
  private isStopped = false;

  constructor(
    private readonly handlers: DatagramChannelHandlers,
    private readonly options: DatagramChannelOptions,
  ) {}

  get isOpen(): boolean {
    return this.negotiation?.isOpen === true;
  }

  /** Starts the first negotiation. */
  start(): void {
    this.negotiate(1);
  }

  /** A signalling message from the server. */
  onSignal(message: RtcSignalMessage): void {
    this.negotiation?.onSignal(message);
  }

  /** Sends a client datagram (inputs, an ack); false when the channel is not open. */
  send(bytes: Uint8Array): boolean {
    return this.negotiation?.send(bytes) ?? false;
  }

  /** Ends the channel without falling back (the seat is left, the client stops). */
  close(): void {
    this.isStopped = true;
    const negotiation = this.negotiation;
    this.negotiation = undefined;
    negotiation?.close();
  }

  private negotiate(attempt: number): void {
    let wasOpen = false;
    const negotiation: DatagramNegotiation = new DatagramNegotiation(
      {
        signal: (message) => this.handlers.signal(message),
        datagram: (bytes) => this.handlers.datagram(bytes),
        opened: () => {
          wasOpen = true;
          this.handlers.opened(attempt);
        },
        fellBack: (reason, isServerClose) => {
          if (this.isStopped || this.negotiation !== negotiation) return;
          this.negotiation = undefined;
          const limit = this.options.attempts ?? DATAGRAM_ATTEMPTS;
          // the negotiation already told the server it ended, so the next offer is not refused
          if (!wasOpen && !isServerClose && reason === DATAGRAM_CHANNEL_CLOSED && attempt < limit) {
            this.negotiate(attempt + 1);
            return;
          }
          this.handlers.fellBack({ reason, isServerClose, wasOpen, attempts: attempt });
        },
      },
      this.options,
    );
    this.negotiation = negotiation;
    negotiation.start();
  }
}
