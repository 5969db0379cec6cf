import { BotDatagrams, DATAGRAM_CHANNEL_CLOSED } from '@arena/loadtest';
import type { RtcSignalMessage } from '@arena/protocol';

/** Offers per probe: what the server takes per seat. */
export const PROBE_DATAGRAM_ATTEMPTS = 3;

/** How a probe's channel negotiation ended. */
export type ChannelOutcome =
  | { readonly isOpen: true; readonly attempts: number }
  | { readonly isOpen: false; readonly attempts: number; readonly reason: string };

export interface ProbeDatagramsHandlers {
  /** Sends a signalling message over the probe's Socket.IO connection. */
  signal(message: RtcSignalMessage): void;
  /** A datagram from the server (a snapshot message's bytes). */
  datagram(bytes: Uint8Array): void;
  /** The channel that was open closed: the probe is back on the WebSocket for the rest of the cell. */
  closed(reason: string): void;
}

/**
 * A probe's datagram channel: BotDatagrams, negotiated again when a handshake fails before the
 * channel opens (concurrent DTLS handshakes sometimes fail with "unknown CA", docs/netcode.md), up
 * to the three offers the server takes per seat. `open()` settles with the outcome, so the runner
 * can open one probe's channel at a time and count every probe that stayed on the WebSocket.
 */
export class ProbeDatagrams {
  private current: BotDatagrams | undefined;
  private isStopped = false;

  constructor(private readonly handlers: ProbeDatagramsHandlers) {}

  get isOpen(): boolean {
    return this.current?.isOpen === true;
  }

  /** Negotiates until the channel opens or the attempts run out. */
  async open(): Promise<ChannelOutcome> {
    let reason = 'not tried';
    for (let attempt = 1; attempt <= PROBE_DATAGRAM_ATTEMPTS; attempt++) {
      if (this.isStopped) return { isOpen: false, attempts: attempt - 1, reason: 'the probe stopped' };
      const result = await this.attempt();
      if (result === undefined) return { isOpen: true, attempts: attempt };
      reason = result;
      // only a handshake that failed is tried again: a refusal or a timeout would be the same
      if (reason !== DATAGRAM_CHANNEL_CLOSED) {
        return { isOpen: false, attempts: attempt, reason };
      }
      // the server may not have seen the failure yet: end its side before the next offer
      this.handlers.signal({ type: 'rtcSignal', kind: 'close' });
    }
    return { isOpen: false, attempts: PROBE_DATAGRAM_ATTEMPTS, reason };
  }

  /** A signalling message from the server. */
  onSignal(message: RtcSignalMessage): void {
    this.current?.onSignal(message);
  }

  /** Sends a datagram; false when the channel is not open. */
  send(bytes: Uint8Array): boolean {
    return this.current?.sendBytes(bytes) ?? false;
  }

  /** The datagram for an input, with the inputs before it (every input goes through here, in seq order). */
  frame(...args: Parameters<BotDatagrams['frameInput']>): Uint8Array | undefined {
    return this.current?.frameInput(...args);
  }

  stop(): void {
    this.isStopped = true;
    this.current?.close();
  }

  /** One negotiation: resolves undefined when the channel opened, or the reason it did not. */
  private attempt(): Promise<string | undefined> {
    return new Promise((resolve) => {
      let hasOpened = false;
      const datagrams = new BotDatagrams({
        signal: (message) => this.handlers.signal(message),
        datagram: (bytes) => this.handlers.datagram(bytes),
        opened: () => {
          hasOpened = true;
          resolve(undefined);
        },
        fellBack: (reason) => {
          if (hasOpened) {
            if (!this.isStopped) this.handlers.closed(reason);
            return;
          }
          resolve(reason);
        },
      });
      this.current = datagrams;
      datagrams.start().catch((error: unknown) => resolve((error as Error).message));
    });
  }
}
