import { BOT_DATAGRAM_OPEN_TIMEOUT_MS, loadNodeRtcPeers, nodeTimer } from '@arena/loadtest';
import {
  DatagramChannel,
  encodeClientMessage,
  type InputMessage,
  RedundantInputs,
  type RtcSignalMessage,
} from '@arena/protocol';

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
 * A probe's datagram channel: the shared DatagramChannel on a node-datachannel peer (another offer
 * after a failed handshake, up to what the server takes per seat). `open()` settles with the
 * outcome, so the runner can open one probe's channel at a time and count every probe that stayed
 * on the WebSocket.
 */
export class ProbeDatagrams {
  private channel: DatagramChannel | undefined;
  private readonly redundant = new RedundantInputs();
  private isStopped = false;
  /** Settles a pending open() when the probe stops first. */
  private settleOnStop: (() => void) | undefined;

  constructor(private readonly handlers: ProbeDatagramsHandlers) {}

  get isOpen(): boolean {
    return this.channel?.isOpen === true;
  }

  /** Negotiates until the channel opens or the offers run out. */
  async open(): Promise<ChannelOutcome> {
    let createPeer: Awaited<ReturnType<typeof loadNodeRtcPeers>>;
    try {
      createPeer = await loadNodeRtcPeers();
    } catch (error) {
      return {
        isOpen: false,
        attempts: 0,
        reason: `node-datachannel did not load: ${(error as Error).message}`,
      };
    }
    if (this.isStopped) return { isOpen: false, attempts: 0, reason: 'the probe stopped' };
    return new Promise((resolve) => {
      let isSettled = false;
      const settle = (outcome: ChannelOutcome) => {
        if (isSettled) return;
        isSettled = true;
        resolve(outcome);
      };
      this.settleOnStop = () => settle({ isOpen: false, attempts: 0, reason: 'the probe stopped' });
      const channel = new DatagramChannel(
        {
          signal: (message) => this.handlers.signal(message),
          datagram: (bytes) => this.handlers.datagram(bytes),
          opened: (attempts) => settle({ isOpen: true, attempts }),
          fellBack: ({ reason, attempts }) => {
            // before it opened, this is the outcome; after, the channel that was open closed
            if (!isSettled) settle({ isOpen: false, attempts, reason });
            else if (!this.isStopped) this.handlers.closed(reason);
          },
        },
        { createPeer, startTimer: nodeTimer, openTimeoutMs: BOT_DATAGRAM_OPEN_TIMEOUT_MS },
      );
      this.channel = channel;
      channel.start();
    });
  }

  /** A signalling message from the server. */
  onSignal(message: RtcSignalMessage): void {
    this.channel?.onSignal(message);
  }

  /** Sends a datagram; false when the channel is not open. */
  send(bytes: Uint8Array): boolean {
    return this.channel?.send(bytes) ?? false;
  }

  /** The datagram for an input, with the inputs before it (every input goes through here, in seq order). */
  frame(input: InputMessage): Uint8Array {
    return encodeClientMessage(this.redundant.push(input));
  }

  stop(): void {
    this.isStopped = true;
    this.channel?.close();
    this.settleOnStop?.();
  }
}
