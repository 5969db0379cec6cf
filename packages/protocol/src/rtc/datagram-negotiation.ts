import type { RtcSignalMessage } from '../wire/messages';
import type { RtcPeer, RtcPeerFactory, StartTimer } from './rtc-peer';

/**
 * How long a client waits for its channel before it stays on the WebSocket, ms: a second past
 * the server's own 5 s, so the server's `close`, which says why, normally comes first.
 */
export const CLIENT_DATAGRAM_OPEN_TIMEOUT_MS = 6000;

export interface DatagramNegotiationHandlers {
  /** Sends a signalling message to the server over the WebSocket. */
  signal(message: RtcSignalMessage): void;
  /** A datagram from the server (a snapshot message's bytes). */
  datagram(bytes: Uint8Array): void;
  /** The channel opened: snapshots and inputs travel over it from now on. */
  opened(): void;
  /** The channel did not open, or closed: the client stays on (or goes back to) the WebSocket. */
  fellBack(reason: string, isServerClose: boolean): void;
}

export interface DatagramNegotiationOptions {
  readonly createPeer: RtcPeerFactory;
  readonly startTimer: StartTimer;
  /** @default CLIENT_DATAGRAM_OPEN_TIMEOUT_MS */
  readonly openTimeoutMs?: number;
  /**
   * Test hook (the page's `?blockDatagrams=1`, the bots' `blockDatagrams`): the client offers and
   * then ignores the server's answer and candidates, as a network that blocks UDP would, so the
   * channel never opens.
   */
  readonly isBlocked?: boolean;
}

/**
 * One negotiation of a client's datagram channel, the client side of docs/netcode.md
 * "Datagrams": one offer over `rtcSignal`, candidates trickled both ways, and a fallback to the
 * WebSocket when it does not open in time, the server says `close`, or the channel closes.
 * The order matters because peers report on separate queues: local candidates found before the
 * offer left wait for it (the server takes candidates after the offer only), and the server's
 * candidates that come before its answer wait for the answer.
 */
export class DatagramNegotiation {
  private peer: RtcPeer | undefined;
  private isChannelOpen = false;
  private isEnded = false;
  private cancelTimer: (() => void) | undefined;
  private hasOffered = false;
  /** Local candidates found before the offer left: the server takes candidates after the offer only. */
  private readonly localWaiting: RtcSignalMessage[] = [];
  private hasAnswer = false;
  /** Remote candidates that came before the answer was set. */
  private readonly remoteWaiting: { candidate: string; mid: string }[] = [];

  constructor(
    private readonly handlers: DatagramNegotiationHandlers,
    private readonly options: DatagramNegotiationOptions,
  ) {}

  get isOpen(): boolean {
    return this.isChannelOpen;
  }

  /** Makes the peer and its channel; the offer leaves as soon as it is ready. */
  start(): void {
    this.cancelTimer = this.options.startTimer(
      () => this.fallBack('the datagram channel did not open in time', false),
      this.options.openTimeoutMs ?? CLIENT_DATAGRAM_OPEN_TIMEOUT_MS,
    );
    let peer: RtcPeer;
    try {
      peer = this.options.createPeer({
        offer: (sdp) => this.onOffer(sdp),
        candidate: (candidate, mid) => this.onLocalCandidate(candidate, mid),
        open: () => this.onOpen(),
        message: (bytes) => {
          if (this.isChannelOpen) this.handlers.datagram(bytes);
        },
        closed: (reason) => this.fallBack(reason, false),
      });
    } catch (error) {
      // no WebRTC here (or it is switched off): the WebSocket it is
      this.fallBack(`WebRTC is unavailable: ${(error as Error).message}`, false);
      return;
    }
    if (this.isEnded) {
      peer.close();
      return;
    }
    this.peer = peer;
    peer.start();
  }

  /** A signalling message from the server. */
  onSignal(message: RtcSignalMessage): void {
    if (this.isEnded) return;
    if (message.kind === 'close') {
      this.fallBack(message.reason ?? 'the server closed the datagram channel', true);
      return;
    }
    if (this.options.isBlocked === true || this.peer === undefined) return;
    if (message.kind === 'candidate') {
      const candidate = { candidate: message.candidate ?? '', mid: message.mid ?? '0' };
      if (this.hasAnswer) this.addCandidate(candidate);
      else this.remoteWaiting.push(candidate);
      return;
    }
    // one offer per negotiation, so one answer: a second is not news
    if (message.kind !== 'answer' || this.hasAnswer) return;
    this.hasAnswer = true;
    const peer = this.peer;
    peer.setAnswer(message.sdp ?? '').then(
      () => {
        if (this.isEnded) return;
        for (const candidate of this.remoteWaiting.splice(0)) this.addCandidate(candidate);
      },
      (error: unknown) => this.fallBack(`the answer was refused: ${String(error)}`, false),
    );
  }

  /** Sends a client datagram (inputs, an ack); false when the channel is not open. */
  send(bytes: Uint8Array): boolean {
    if (!this.isChannelOpen || this.peer === undefined) return false;
    return this.peer.send(bytes);
  }

  /** Ends the channel without falling back (the room is left, the client stops: the server ends its side then). */
  close(): void {
    this.end();
  }

  private onOffer(sdp: string): void {
    // one offer per peer (another try is another peer): a second would get a second answer
    if (this.isEnded || this.hasOffered) return;
    this.handlers.signal({ type: 'rtcSignal', kind: 'offer', sdp });
    this.hasOffered = true;
    for (const candidate of this.localWaiting.splice(0)) this.handlers.signal(candidate);
  }

  private onLocalCandidate(candidate: string, mid: string): void {
    if (this.isEnded) return;
    const message: RtcSignalMessage = { type: 'rtcSignal', kind: 'candidate', candidate, mid };
    if (this.hasOffered) this.handlers.signal(message);
    else this.localWaiting.push(message);
  }

  private onOpen(): void {
    if (this.isEnded || this.isChannelOpen) return;
    this.cancelTimer?.();
    this.isChannelOpen = true;
    this.handlers.opened();
  }

  private addCandidate({ candidate, mid }: { candidate: string; mid: string }): void {
    // a candidate the ICE agent cannot use is skipped; the others may still connect
    this.peer?.addCandidate(candidate, mid).catch(() => {});
  }

  private fallBack(reason: string, isServerClose: boolean): void {
    if (this.isEnded) return;
    const hasOffered = this.hasOffered;
    this.end();
    // the server's side may still stand (a timeout here, a failed handshake): end it, so a
    // later offer is not refused as "already negotiating"
    if (!isServerClose && hasOffered) this.handlers.signal({ type: 'rtcSignal', kind: 'close', reason });
    this.handlers.fellBack(reason, isServerClose);
  }

  private end(): void {
    if (this.isEnded) return;
    this.isEnded = true;
    this.isChannelOpen = false;
    this.cancelTimer?.();
    const peer = this.peer;
    this.peer = undefined;
    try {
      peer?.close();
    } catch {
      // already closed
    }
  }
}
