import {
  type ClientMessage,
  DATAGRAM_INPUT_REDUNDANCY,
  DatagramChannel,
  decodeServerMessage,
  encodeClientMessage,
  type InputBatchMessage,
  inputsOfBatch,
  isDatagramsNotOffered,
  RedundantInputs,
  type RtcPeerFactory,
  type RtcSignalMessage,
  SequenceGapCounter,
  type SnapshotMessage,
  type StartTimer,
  type TransportName,
  type WelcomeMessage,
} from '@arena/protocol';
import type { TrafficSink } from './arena-connection';

/** Where snapshots and inputs travel now, and how the datagram path has fared (the test hook's `transport`). */
export interface TransportState {
  readonly path: TransportName;
  /** Why the datagram channel did not open or closed; null when it is fine or was not asked for. */
  readonly fallbackReason: string | null;
  /** Snapshots lost on the channel, % of those sent while it was open; null before any arrived. */
  readonly datagramLossPct: number | null;
  /** Snapshots that arrived as datagrams in this room. */
  readonly datagramsReceived: number;
}

export interface DatagramPathDeps {
  /** Sends a signalling message over the WebSocket. */
  readonly signal: (message: RtcSignalMessage) => void;
  /** A snapshot that came as a datagram, for the same handling as one from the WebSocket. */
  readonly deliver: (message: SnapshotMessage, bytes: number) => void;
  readonly traffic: TrafficSink;
  readonly createPeer: RtcPeerFactory;
  readonly startTimer: StartTimer;
  readonly openTimeoutMs?: number;
  /** Test hook: the page ignores the server's answer, so the channel never opens. */
  readonly isBlocked?: boolean;
}

/**
 * The page's datagram path for the seat it holds: opens a DatagramChannel once seated, sends inputs with redundancy
 * and acks over it while it is open, hands the snapshots that arrive on it to the game, and
 * measures their loss from gaps in the snapshot sequence. Everything else, and everything while
 * the channel is not open, stays on the WebSocket, which the page never leaves.
 */
export class DatagramPath {
  private channel: DatagramChannel | undefined;
  private redundant = new RedundantInputs();
  private gaps = new SequenceGapCounter();
  private received = 0;
  private fallback: string | undefined;
  /** The room's rates: the server sends a snapshot whenever tick x snapshot rate / tick rate crosses an integer, which numbers it. */
  private rates = { tickRateHz: 1, snapshotRateHz: 1 };
  /** The player asked for datagrams (`?transport=datagram`, the lobby's choice): a room without them is worth saying. */
  private isAsked = false;

  constructor(private readonly deps: DatagramPathDeps) {}

  get isOpen(): boolean {
    return this.channel?.isOpen === true;
  }

  get state(): TransportState {
    const { lost, arrived } = this.gaps;
    return {
      path: this.isOpen ? 'datagram' : 'websocket',
      fallbackReason: this.fallback ?? null,
      datagramLossPct: arrived === 0 ? null : (100 * lost) / (lost + arrived),
      datagramsReceived: this.received,
    };
  }

  /** The net graph's line: the path in use, and the loss on the channel or why it is not used. */
  describe(): string {
    const { path, datagramLossPct } = this.state;
    if (path === 'datagram') {
      return `path datagram · datagram loss ${(datagramLossPct ?? 0).toFixed(1)} % (${this.received} received)`;
    }
    if (this.fallback !== undefined) return `path websocket (datagram channel failed: ${this.fallback})`;
    if (this.channel !== undefined) return 'path websocket (datagram channel opening…)';
    return 'path websocket';
  }

  /**
   * A seat was taken (a welcome): whatever channel stood is ended, and a new one negotiated when
   * `isWanted`. `isAsked`: the player asked, so a room without datagrams is reported as a fallback.
   */
  seated(welcome: WelcomeMessage, isWanted: boolean, isAsked: boolean): void {
    this.left();
    this.rates = { tickRateHz: welcome.tickRateHz, snapshotRateHz: welcome.snapshotRateHz };
    this.isAsked = isAsked;
    // a spectator of a replay holds no seat, and the server takes offers from seats only
    if (isWanted && welcome.playerId !== 0) this.negotiate();
  }

  /** The seat is left, or the connection dropped (the server ends its side then). */
  left(): void {
    this.channel?.close();
    this.channel = undefined;
    this.redundant = new RedundantInputs();
    this.gaps = new SequenceGapCounter();
    this.received = 0;
    this.fallback = undefined;
  }

  onSignal(message: RtcSignalMessage): void {
    this.channel?.onSignal(message);
  }

  /**
   * Sends an input, a batch of them or an ack over the channel when it is open. False: the
   * caller sends it over the WebSocket (not open, or a batch longer than a datagram repeats).
   */
  trySend(message: ClientMessage): boolean {
    switch (message.type) {
      case 'input':
        return this.sendBytes(() => encodeClientMessage(this.redundant.push(message)));
      case 'inputs': {
        // every input passes through the redundancy window, in seq order, whichever way it leaves
        let newest: InputBatchMessage | undefined;
        for (const input of inputsOfBatch(message)) newest = this.redundant.push(input);
        if (newest === undefined || message.inputs.length > DATAGRAM_INPUT_REDUNDANCY) return false;
        const framed = newest;
        return this.sendBytes(() => encodeClientMessage(framed));
      }
      case 'ack':
        return this.sendBytes(() => encodeClientMessage(message));
      default:
        return false;
    }
  }

  /** A snapshot that came over the WebSocket (one too large for a datagram): not lost on the channel. */
  snapshotOverWebSocket(tick: number): void {
    if (this.isOpen) this.gaps.record(this.sequenceOf(tick));
  }

  private sendBytes(encode: () => Uint8Array): boolean {
    if (!this.isOpen) return false;
    const bytes = encode();
    if (!this.channel?.send(bytes)) return false;
    this.deps.traffic.recordBytesOut(bytes.length);
    return true;
  }

  private negotiate(): void {
    const channel: DatagramChannel = new DatagramChannel(
      {
        signal: (message) => this.deps.signal(message),
        datagram: (bytes) => this.onDatagram(bytes),
        opened: () => {},
        fellBack: ({ reason, isServerClose }) => {
          if (this.channel !== channel) return;
          this.channel = undefined;
          const isQuietNo = isServerClose && isDatagramsNotOffered(reason) && !this.isAsked;
          this.fallback = isQuietNo ? undefined : reason;
        },
      },
      {
        createPeer: this.deps.createPeer,
        startTimer: this.deps.startTimer,
        ...(this.deps.openTimeoutMs === undefined ? {} : { openTimeoutMs: this.deps.openTimeoutMs }),
        ...(this.deps.isBlocked === undefined ? {} : { isBlocked: this.deps.isBlocked }),
      },
    );
    this.channel = channel;
    channel.start();
  }

  /** A datagram from the server: a snapshot, read exactly as one that came over the WebSocket. */
  private onDatagram(bytes: Uint8Array): void {
    this.deps.traffic.recordBytesIn(bytes.length);
    const decoded = decodeServerMessage(bytes);
    if (!decoded.ok || decoded.value.type !== 'snapshot') return;
    this.received++;
    this.gaps.record(this.sequenceOf(decoded.value.tick));
    this.deps.deliver(decoded.value, bytes.length);
  }

  private sequenceOf(tick: number): number {
    return Math.floor((tick * this.rates.snapshotRateHz) / this.rates.tickRateHz);
  }
}
