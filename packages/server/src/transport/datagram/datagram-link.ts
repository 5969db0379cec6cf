import {
  DATAGRAM_CHANNEL_ID,
  DATAGRAM_CHANNEL_LABEL,
  decodeClientMessage,
  ErrorCode,
  encodeClientMessage,
  encodeSnapshotMessage,
  fitsDatagram,
  type InputBatchMessage,
  inputsAfter,
  isDatagramClientRecord,
  type NetworkConditions,
  type RtcSignalMessage,
  SequenceGapCounter,
  snapshotMessageLength,
} from '@arena/protocol';
import type { DataChannel, PeerConnection } from 'node-datachannel';
import type { Logger } from '../../rooms/room-types';
import { DelayLine } from '../delay-line';
import type { DatagramHost } from './datagram-host';
import type { DatagramStats } from './datagram-stats';
import { type SignallingLimits, SignallingState } from './signalling-state';

/** Snapshots are skipped while this much is queued on the channel: a datagram late is a datagram lost. */
const MAX_BUFFERED_BYTES = 64 * 1024;

/** What a link does to its connection: the same limits and handler as the connection's WebSocket messages. */
export interface DatagramLinkSink {
  /** Sends a signalling message over the connection's Socket.IO socket. */
  sendSignal(message: RtcSignalMessage): void;
  /** The connection guard's size and rate check, on every datagram as on every WebSocket frame. */
  admit(bytes: Uint8Array): boolean;
  /** Hands a client message to the session, as if it had come over the WebSocket. */
  deliver(bytes: Uint8Array): void;
  /** A bad datagram: refused with its code, counted like a bad WebSocket message. */
  strike(code: ErrorCode, message: string): void;
}

interface LinkContext {
  readonly host: DatagramHost;
  readonly limits: SignallingLimits;
  readonly logger: Logger;
  readonly stats: DatagramStats;
  readonly ignoresOffers: boolean;
  readonly onGone: () => void;
}

/**
 * One connection's datagram channel: the server's PeerConnection, answered to the client's offer
 * over Socket.IO, and its unordered, never-retransmitted DataChannel. It exists while its session
 * holds one seat (the connection closes it when the seat is left or the socket drops), so a
 * datagram acts for that seat only: it carries no identity of its own. Inputs and acks only;
 * each through the connection's guard and the session's own decoding, like a WebSocket message.
 */
export class DatagramLink {
  private readonly signalling: SignallingState;
  private peer: PeerConnection | undefined;
  private channel: DataChannel | undefined;
  private isChannelOpen = false;
  private isGone = false;
  private timer: NodeJS.Timeout | undefined;
  /** Candidates that arrived while node-datachannel was still loading. */
  private readonly earlyCandidates: { candidate: string; mid: string }[] = [];
  private readonly gaps = new SequenceGapCounter();
  /** Newest input seq passed on: the repeats of redundancy stop here. */
  private newestDelivered = 0;
  /**
   * The room's simulated network on the channel, one line per direction: datagrams are delayed
   * by the same NetworkShaper as the connection's WebSocket, and a lost one is gone (droppable).
   */
  private readonly outbound = new DelayLine((bytes) => this.transmit(bytes));
  private readonly inbound = new DelayLine((bytes) => this.accept(bytes));

  constructor(
    private readonly connectionId: string,
    private readonly sink: DatagramLinkSink,
    private readonly context: LinkContext,
  ) {
    this.signalling = new SignallingState(context.limits);
  }

  /** True while snapshots and inputs travel over the channel. */
  get isOpen(): boolean {
    return this.isChannelOpen;
  }

  /** Simulates network conditions on the channel, both directions (undefined = none). */
  simulateNetwork(conditions: NetworkConditions | undefined): void {
    this.outbound.simulate(conditions);
    this.inbound.simulate(conditions);
  }

  /** A signalling message from the client. */
  signal(message: RtcSignalMessage): void {
    if (this.isGone) return;
    switch (message.kind) {
      case 'offer':
        this.onOffer(message.sdp ?? '');
        break;
      case 'candidate':
        if (!this.signalling.candidate()) return;
        if (this.peer === undefined) {
          this.earlyCandidates.push({ candidate: message.candidate ?? '', mid: message.mid ?? '' });
        } else {
          this.addCandidate(message.candidate ?? '', message.mid ?? '');
        }
        break;
      case 'close':
        this.endChannel(undefined);
        break;
      case 'answer':
        this.sink.strike(ErrorCode.BAD_MESSAGE, 'rtcSignal answer: the server answers, clients offer');
        break;
    }
  }

  /**
   * Sends this tick's snapshot as one datagram when the channel is open and it fits; returns the
   * bytes sent, or 0 when it must go over the WebSocket (not open, or too large: counted).
   */
  sendSnapshot(tick: number, ackSeq: number, body: Uint8Array): number {
    const channel = this.channel;
    if (!this.isChannelOpen || channel === undefined) return 0;
    const length = snapshotMessageLength(tick, ackSeq, body.length);
    if (!fitsDatagram(length)) {
      this.context.stats.oversizedSnapshots++;
      return 0;
    }
    // a backed-up channel drops the snapshot, as the network would: the next one supersedes it
    if (channel.bufferedAmount() > MAX_BUFFERED_BYTES) return length;
    if (!this.outbound.isPassThrough) {
      this.outbound.push(encodeSnapshotMessage(tick, ackSeq, body), true);
      return length;
    }
    return this.transmit(encodeSnapshotMessage(tick, ackSeq, body)) ? length : 0;
  }

  /** Writes one datagram to the channel; false (and the channel ended) when it cannot. */
  private transmit(bytes: Uint8Array): boolean {
    const channel = this.channel;
    if (!this.isChannelOpen || channel === undefined) return false;
    try {
      channel.sendMessageBinary(bytes);
      this.context.stats.datagramsOut++;
      return true;
    } catch {
      this.endChannel('the datagram channel failed');
      return false;
    }
  }

  /**
   * Ends the channel and forgets the link. `reason` set: the client is told with a `close` (a seat
   * left, a timeout); unset: the socket is gone, or the client closed it.
   */
  close(reason?: string): void {
    if (this.isGone) return;
    this.endChannel(reason);
    this.isGone = true;
    this.context.onGone();
  }

  private onOffer(sdp: string): void {
    const refusal = this.signalling.offer(performance.now());
    if (refusal !== undefined) {
      this.sink.sendSignal({ type: 'rtcSignal', kind: 'close', reason: refusal });
      return;
    }
    this.timer = setTimeout(() => this.onDeadline(), this.context.limits.openTimeoutMs);
    this.timer.unref();
    if (this.context.ignoresOffers) return;
    this.context.host.load().then(
      (library) => this.startPeer(library.PeerConnection, sdp),
      (error: unknown) => {
        this.context.logger.error({ err: error }, 'node-datachannel did not load: datagrams are unavailable');
        this.fail('datagrams are unavailable on this server');
      },
    );
  }

  private startPeer(Peer: typeof PeerConnection, sdp: string): void {
    if (this.signalling.phase !== 'negotiating') return;
    try {
      // Host candidates only: no STUN or TURN servers (loopback and LAN; docs/netcode.md "Datagrams").
      const peer = new Peer(`arena-${this.connectionId}`, { iceServers: [] });
      this.peer = peer;
      peer.onLocalDescription(
        this.guarded('answer', (description, type) => {
          if (!this.isGone && type === 'answer') {
            this.sink.sendSignal({ type: 'rtcSignal', kind: 'answer', sdp: description });
          }
        }),
      );
      peer.onLocalCandidate(
        this.guarded('candidate', (candidate, mid) => {
          if (!this.isGone) this.sink.sendSignal({ type: 'rtcSignal', kind: 'candidate', candidate, mid });
        }),
      );
      peer.setRemoteDescription(sdp, 'offer');
      const channel = peer.createDataChannel(DATAGRAM_CHANNEL_LABEL, {
        negotiated: true,
        id: DATAGRAM_CHANNEL_ID,
        unordered: true,
        maxRetransmits: 0,
      });
      this.channel = channel;
      channel.onOpen(this.guarded('open', () => this.onOpen()));
      channel.onMessage(
        this.guarded('datagram', (data: string | Buffer | ArrayBuffer) => this.receive(data)),
      );
      channel.onClosed(this.guarded('close', () => this.endChannel('the datagram channel closed')));
      for (const { candidate, mid } of this.earlyCandidates.splice(0)) this.addCandidate(candidate, mid);
    } catch (error) {
      this.fail(`the offer was refused: ${(error as Error).message}`);
    }
  }

  /**
   * node-datachannel calls back from native code, where an exception would end the process: each
   * callback catches its own, logs it and ends the channel (the client stays on the WebSocket).
   */
  private guarded<A extends unknown[]>(what: string, callback: (...args: A) => void): (...args: A) => void {
    return (...args) => {
      try {
        callback(...args);
      } catch (error) {
        this.context.logger.error(
          { err: error, socketId: this.connectionId },
          `datagram ${what} callback failed`,
        );
        try {
          this.endChannel('the datagram channel failed');
        } catch {
          // nothing more to undo
        }
      }
    };
  }

  private addCandidate(candidate: string, mid: string): void {
    try {
      this.peer?.addRemoteCandidate(candidate, mid);
    } catch {
      // a candidate the ICE agent cannot parse is skipped; the others may still connect
    }
  }

  private onOpen(): void {
    if (this.isGone || !this.signalling.opened()) return;
    clearTimeout(this.timer);
    this.isChannelOpen = true;
    this.context.stats.open++;
    this.context.stats.opened++;
  }

  private onDeadline(): void {
    // the timer is the deadline (it may fire a fraction of a millisecond before the clock agrees)
    if (this.isGone || !this.signalling.expire(Number.POSITIVE_INFINITY)) return;
    this.fail(`the datagram channel did not open within ${this.context.limits.openTimeoutMs} ms`);
  }

  /** A negotiation that ended without a channel: counted, and the client told to stay on the WebSocket. */
  private fail(reason: string): void {
    if (this.isGone) return;
    this.context.stats.failed++;
    this.endChannel(reason, true);
  }

  /**
   * Closes the peer. The client is told `reason` when a negotiation or channel ended here, or
   * always with `isFailure` (a negotiation the deadline has already closed).
   */
  private endChannel(reason: string | undefined, isFailure = false): void {
    clearTimeout(this.timer);
    const was = this.signalling.close();
    this.outbound.clear();
    this.inbound.clear();
    if (this.isChannelOpen) {
      this.isChannelOpen = false;
      this.context.stats.open--;
    }
    const { peer, channel } = this;
    this.peer = undefined;
    this.channel = undefined;
    this.earlyCandidates.length = 0;
    try {
      channel?.close();
      peer?.close();
    } catch {
      // closing a peer that failed already
    }
    if (reason !== undefined && (isFailure || was === 'negotiating' || was === 'open')) {
      this.sink.sendSignal({ type: 'rtcSignal', kind: 'close', reason });
    }
  }

  private receive(data: string | Buffer | ArrayBuffer): void {
    if (!this.isChannelOpen) return;
    if (typeof data === 'string') {
      this.accept(undefined);
      return;
    }
    const bytes =
      data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (this.inbound.isPassThrough) this.accept(bytes);
    // held for the simulated network: node-datachannel may reuse its buffer
    else this.inbound.push(Uint8Array.from(bytes), true);
  }

  /** A datagram that came through (the simulated network's, when there is one); undefined: a text message. */
  private accept(bytes: Uint8Array | undefined): void {
    if (!this.isChannelOpen) return;
    this.context.stats.datagramsIn++;
    if (bytes === undefined || !isDatagramClientRecord(bytes)) {
      this.sink.strike(ErrorCode.BAD_MESSAGE, 'only inputs and acks travel over the datagram channel');
      return;
    }
    if (!this.sink.admit(bytes)) return;
    const decoded = decodeClientMessage(bytes);
    if (!decoded.ok) {
      this.sink.strike(decoded.error.code, decoded.error.message);
      return;
    }
    const message = decoded.value;
    if (message.type === 'ack') {
      this.sink.deliver(bytes);
      return;
    }
    if (message.type !== 'inputs' && message.type !== 'input') return;
    const batch: InputBatchMessage =
      message.type === 'inputs'
        ? message
        : {
            type: 'inputs',
            firstSeq: message.seq,
            inputs: [message],
            clientTimeMs: message.clientTimeMs,
            lastSnapshotTick: message.lastSnapshotTick,
            ...(message.renderDelayTicks === undefined ? {} : { renderDelayTicks: message.renderDelayTicks }),
          };
    const newest = batch.firstSeq + batch.inputs.length - 1;
    // each datagram carries one new input: the newest seq numbers the datagrams
    this.context.stats.lost += this.gaps.record(newest);
    const fresh = inputsAfter(batch, this.newestDelivered);
    if (fresh === undefined) return;
    this.newestDelivered = newest;
    this.sink.deliver(fresh === batch && message.type === 'inputs' ? bytes : encodeClientMessage(fresh));
  }
}
