import {
  DATAGRAM_CHANNEL_ID,
  DATAGRAM_CHANNEL_LABEL,
  encodeClientMessage,
  type InputMessage,
  RedundantInputs,
  type RtcSignalMessage,
} from '@arena/protocol';
import type { DataChannel, PeerConnection } from 'node-datachannel';

/** Why a channel ended when it closed on its own (either end says the same). */
export const DATAGRAM_CHANNEL_CLOSED = 'the datagram channel closed';

/** How long a bot waits for its channel before it stays on the WebSocket, ms (the server gives up at 5 s). */
export const BOT_DATAGRAM_OPEN_TIMEOUT_MS = 8000;

type NodeDataChannel = typeof import('node-datachannel');
/** node-datachannel, loaded by the first bot that negotiates a channel (none for WebSocket bots). */
let library: Promise<NodeDataChannel> | undefined;

/**
 * Closes node-datachannel's threads once every bot has stopped, if any bot loaded it: a worker
 * thread that exits with them running aborts the process.
 */
export async function releaseDatagramLibrary(): Promise<void> {
  if (library === undefined) return;
  const loaded = await library.catch(() => undefined);
  loaded?.cleanup();
}

export interface BotDatagramsHandlers {
  /** Sends a signalling message to the server over Socket.IO. */
  signal(message: RtcSignalMessage): void;
  /** A datagram from the server (a snapshot message's bytes). */
  datagram(bytes: Uint8Array): void;
  /** The channel opened: snapshots and inputs travel over it from now on. */
  opened(): void;
  /** The channel did not open, or closed: the bot stays on (or goes back to) the WebSocket. */
  fellBack(reason: string): void;
}

export interface BotDatagramsOptions {
  readonly openTimeoutMs?: number;
  /**
   * Test hook: the bot offers and then ignores the server's answer and candidates, as a network
   * that blocks UDP would, so the channel never opens.
   */
  readonly isBlocked?: boolean;
}

/**
 * A bot's datagram channel, the client side of docs/netcode.md "Datagrams": a node-datachannel
 * PeerConnection offering the negotiated, unordered, never-retransmitted channel, signalled over
 * the bot's Socket.IO connection; inputs leave with redundancy (RedundantInputs), snapshots arrive.
 */
export class BotDatagrams {
  private peer: PeerConnection | undefined;
  private channel: DataChannel | undefined;
  private isChannelOpen = false;
  private isEnded = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly redundant = new RedundantInputs();
  private hasAnswer = false;
  private readonly earlyCandidates: { candidate: string; mid: string }[] = [];

  constructor(
    private readonly handlers: BotDatagramsHandlers,
    private readonly options: BotDatagramsOptions = {},
  ) {}

  get isOpen(): boolean {
    return this.isChannelOpen;
  }

  /** Loads node-datachannel, makes the peer and its channel; the offer leaves as soon as it is ready. */
  async start(): Promise<void> {
    this.timer = setTimeout(
      () => this.fallBack('the datagram channel did not open in time'),
      this.options.openTimeoutMs ?? BOT_DATAGRAM_OPEN_TIMEOUT_MS,
    );
    let datachannel: NodeDataChannel;
    try {
      library ??= import('node-datachannel');
      datachannel = await library;
    } catch (error) {
      this.fallBack(`node-datachannel did not load: ${(error as Error).message}`);
      return;
    }
    if (this.isEnded) return;
    const peer = new datachannel.PeerConnection('arena-bot', { iceServers: [] });
    this.peer = peer;
    // The offer and the candidates reach JS on separate queues; the server takes candidates only
    // after the offer, so any that come first wait for it.
    const waiting: RtcSignalMessage[] = [];
    let hasOffered = false;
    peer.onLocalDescription(
      this.guarded((sdp, type) => {
        // one offer per peer (a try again is a new peer): a second would get a second answer
        if (type !== 'offer' || this.isEnded || hasOffered) return;
        this.handlers.signal({ type: 'rtcSignal', kind: 'offer', sdp });
        hasOffered = true;
        for (const candidate of waiting.splice(0)) this.handlers.signal(candidate);
      }),
    );
    peer.onLocalCandidate(
      this.guarded((candidate, mid) => {
        if (this.isEnded) return;
        const message: RtcSignalMessage = { type: 'rtcSignal', kind: 'candidate', candidate, mid };
        if (hasOffered) this.handlers.signal(message);
        else waiting.push(message);
      }),
    );
    // Created before the offer, so the offer carries the application m-line; both ends name it by id.
    const channel = peer.createDataChannel(DATAGRAM_CHANNEL_LABEL, {
      negotiated: true,
      id: DATAGRAM_CHANNEL_ID,
      unordered: true,
      maxRetransmits: 0,
    });
    this.channel = channel;
    channel.onOpen(
      this.guarded(() => {
        if (this.isEnded) return;
        clearTimeout(this.timer);
        this.isChannelOpen = true;
        this.handlers.opened();
      }),
    );
    channel.onMessage(
      this.guarded((data: string | Buffer | ArrayBuffer) => {
        if (typeof data === 'string') return;
        const bytes =
          data instanceof ArrayBuffer
            ? new Uint8Array(data)
            : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        this.handlers.datagram(bytes);
      }),
    );
    channel.onClosed(this.guarded(() => this.fallBack(DATAGRAM_CHANNEL_CLOSED)));
  }

  /** A signalling message from the server. */
  onSignal(message: RtcSignalMessage): void {
    if (this.isEnded) return;
    if (message.kind === 'close') {
      this.fallBack(message.reason ?? 'the server closed the datagram channel');
      return;
    }
    const peer = this.peer;
    if (this.options.isBlocked === true || peer === undefined) return;
    if (message.kind === 'candidate') {
      // node-datachannel hands the server's answer and candidates to JS on separate queues, so a
      // candidate may come first: it waits for the answer
      const candidate = { candidate: message.candidate ?? '', mid: message.mid ?? '0' };
      if (this.hasAnswer) this.addCandidate(candidate);
      else this.earlyCandidates.push(candidate);
      return;
    }
    if (message.kind !== 'answer') return;
    // An answer to an offer already answered (the peer offered twice, and the server answered
    // both) finds the peer stable: the first one stands, and this one is not a failure.
    if (this.hasAnswer || peer.signalingState() === 'stable') return;
    try {
      peer.setRemoteDescription(message.sdp ?? '', 'answer');
    } catch (error) {
      this.fallBack(`the answer was refused: ${(error as Error).message}`);
      return;
    }
    this.hasAnswer = true;
    for (const candidate of this.earlyCandidates.splice(0)) this.addCandidate(candidate);
  }

  private addCandidate({ candidate, mid }: { candidate: string; mid: string }): void {
    try {
      this.peer?.addRemoteCandidate(candidate, mid);
    } catch {
      // a candidate the ICE agent cannot use is skipped; the others may still connect
    }
  }

  /** The datagram for an input: it and the few before it (every input goes through here, in seq order). */
  frameInput(input: InputMessage): Uint8Array {
    return encodeClientMessage(this.redundant.push(input));
  }

  /** Sends any client datagram (an ack); false when the channel is not open. */
  sendBytes(bytes: Uint8Array): boolean {
    const channel = this.channel;
    if (!this.isChannelOpen || channel === undefined) return false;
    try {
      channel.sendMessageBinary(bytes);
      return true;
    } catch {
      return false;
    }
  }

  /** Ends the channel without falling back (the bot stops). */
  close(): void {
    this.end();
  }

  /**
   * node-datachannel calls back from native code, where an exception ends the process: a
   * callback that throws makes the bot fall back to the WebSocket instead.
   */
  private guarded<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void {
    return (...args) => {
      try {
        callback(...args);
      } catch (error) {
        try {
          this.fallBack(`a datagram callback failed: ${(error as Error).message}`);
        } catch {
          // the handler failed again: the channel is ended either way
        }
      }
    };
  }

  private fallBack(reason: string): void {
    if (this.isEnded) return;
    const wasOpen = this.isChannelOpen;
    this.end();
    if (wasOpen) this.handlers.signal({ type: 'rtcSignal', kind: 'close', reason });
    this.handlers.fellBack(reason);
  }

  private end(): void {
    if (this.isEnded) return;
    this.isEnded = true;
    this.isChannelOpen = false;
    clearTimeout(this.timer);
    const { peer, channel } = this;
    this.peer = undefined;
    this.channel = undefined;
    try {
      channel?.close();
      peer?.close();
    } catch {
      // already closed
    }
  }
}
