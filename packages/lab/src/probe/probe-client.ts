import { SimulatedLink, seededRandom, startJoin, wsHeaderBytes } from '@arena/loadtest';
import {
  type ClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  inputsOfBatch,
  type NetworkConditions,
  type ServerMessage,
} from '@arena/protocol';
import type { Socket } from 'socket.io-client';
import type { LabTransport } from '../grid/lab-grid';
import type { InputSource } from '../script/input-script';
import { type ChannelOutcome, ProbeDatagrams } from './probe-datagrams';
import { ProbeSession } from './probe-session';

/**
 * What a datagram carries besides its payload, as `wsHeaderBytes` counts a WebSocket frame's
 * header: SCTP common header (12) and DATA chunk (16), a DTLS 1.2 AES-GCM record (13 header,
 * 8 explicit nonce, 16 tag). UDP and IP are not counted on either path, as TCP and IP are not.
 */
export const DATAGRAM_FRAMING_BYTES = 65;

export interface ProbeClientOptions {
  readonly url: string;
  readonly roomId: string;
  readonly name: string;
  readonly script: InputSource;
  /** Bot-side simulated network, applied from the welcome on (undefined: none). */
  readonly network: NetworkConditions | undefined;
  readonly networkSeed: number;
  readonly connectTimeoutMs: number;
  /** Where snapshots, inputs and acks travel once joined. @default 'websocket' */
  readonly transport?: LabTransport;
}

/**
 * One probe over a real Socket.IO connection: joins, then feeds a ProbeSession with what arrives
 * and sends what it produces, through a bot-side SimulatedLink when the cell shapes the network
 * on the bots. Bytes are counted as they come off the socket (payload + WebSocket frame
 * header, before the simulated network: what the server sent this client).
 */
export class ProbeClient {
  private socket: Socket | undefined;
  private link: SimulatedLink | undefined;
  private probe: ProbeSession | undefined;
  private isStopping = false;
  private datagrams: ProbeDatagrams | undefined;
  /** Problems seen after the join: server errors, disconnects. */
  readonly problems: string[] = [];
  private droppedAtStart = 0;
  private droppedAtEnd: number | undefined;
  /** Why an open channel closed during the cell (the probe went back to the WebSocket). */
  channelClosedReason: string | undefined;

  constructor(private readonly options: ProbeClientOptions) {}

  get session(): ProbeSession {
    if (this.probe === undefined) throw new Error('probe not joined');
    return this.probe;
  }

  get isJoined(): boolean {
    return this.probe !== undefined;
  }

  /** Snapshots the bot-side link dropped in the measured window (all of them before it ended). */
  get droppedSnapshots(): number {
    return (this.droppedAtEnd ?? this.link?.droppedDown ?? 0) - this.droppedAtStart;
  }

  /** Starts the measured window: samples are taken from now on. */
  startMeasuring(): void {
    this.droppedAtStart = this.link?.droppedDown ?? 0;
    this.session.measuring = true;
  }

  /** Ends the measured window. */
  stopMeasuring(): void {
    this.droppedAtEnd = this.link?.droppedDown ?? 0;
    this.session.measuring = false;
  }

  /** Connects and joins; resolves on the welcome. */
  connect(): Promise<void> {
    const attempt = startJoin(this.options);
    const socket = attempt.socket;
    this.socket = socket;
    socket.on('m', (data: Uint8Array) => {
      const decoded = decodeServerMessage(data);
      if (!decoded.ok) {
        this.problems.push(`undecodable message: ${decoded.error.message}`);
        return;
      }
      const message = decoded.value;
      if (message.type === 'rtcSignal') {
        this.datagrams?.onSignal(message);
        return;
      }
      if (message.type === 'welcome' && this.probe === undefined) {
        this.probe = new ProbeSession(message, this.options.script, (m) => this.send(m));
        if (!this.probe.canDecode) {
          attempt.fail(`unknown snapshot strategy "${message.strategy}"`);
          return;
        }
        if (this.options.network !== undefined) {
          this.link = new SimulatedLink(this.options.network, seededRandom(this.options.networkSeed));
        }
        attempt.succeed();
        return;
      }
      if (this.probe === undefined) {
        if (message.type === 'error') attempt.fail(`${message.code}: ${message.message}`);
        return;
      }
      const probe = this.probe;
      if (probe.measuring) {
        probe.samples.bytesIn += data.byteLength + wsHeaderBytes(data.byteLength);
        probe.samples.messagesIn++;
      }
      const handle = () => this.handle(message);
      if (this.link === undefined) handle();
      else this.link.down(data.byteLength, false, handle);
    });
    socket.on('disconnect', (reason) => {
      if (!this.isStopping) this.problems.push(`disconnected: ${reason}`);
    });
    return attempt.done;
  }

  /**
   * Negotiates the datagram channel (the cell's transport is "datagram"): snapshots, inputs and
   * acks move to it once open. Settles with the outcome; a probe whose channel did not open plays
   * on over the WebSocket and the runner counts it.
   */
  openDatagrams(): Promise<ChannelOutcome> {
    const socket = this.socket;
    if (socket === undefined || this.probe === undefined) throw new Error('probe not joined');
    const datagrams = new ProbeDatagrams({
      signal: (message) => socket.emit('m', encodeClientMessage(message)),
      datagram: (bytes) => this.onDatagram(bytes),
      closed: (reason) => {
        this.channelClosedReason ??= reason;
        this.problems.push(`the datagram channel closed: ${reason}`);
      },
    });
    this.datagrams = datagrams;
    return datagrams.open();
  }

  /** True while snapshots and inputs travel over the datagram channel. */
  get isOnDatagrams(): boolean {
    return this.datagrams?.isOpen === true;
  }

  /** One rendered frame at `nowMs` (the runner calls every probe once per frame). */
  frame(nowMs: number): void {
    this.probe?.frame(nowMs);
  }

  /** A ping for the RTT estimate the input pacer uses (the game sends one a second). */
  ping(nowMs: number): void {
    if (this.probe !== undefined) this.send(this.probe.ping(nowMs));
  }

  stop(): void {
    this.isStopping = true;
    this.datagrams?.stop();
    this.link?.close();
    this.socket?.close();
  }

  private handle(message: ServerMessage): void {
    const probe = this.probe!;
    const nowMs = performance.now();
    if (message.type === 'snapshot') probe.onSnapshot(message, nowMs);
    else if (message.type === 'events') probe.onEvents(message);
    else if (message.type === 'pong') probe.onPong(message, nowMs);
    else if (message.type === 'error') this.problems.push(`${message.code}: ${message.message}`);
  }

  /** A datagram from the server: a snapshot, shaped as a datagram (it may be lost on the way). */
  private onDatagram(bytes: Uint8Array): void {
    const probe = this.probe;
    if (probe === undefined || this.isStopping) return;
    const decoded = decodeServerMessage(bytes);
    if (!decoded.ok || decoded.value.type !== 'snapshot') {
      this.problems.push(
        `a datagram that is not a snapshot: ${decoded.ok ? decoded.value.type : decoded.error.message}`,
      );
      return;
    }
    const message = decoded.value;
    if (probe.measuring) {
      probe.samples.bytesIn += bytes.byteLength + DATAGRAM_FRAMING_BYTES;
      probe.samples.messagesIn++;
      probe.samples.datagramsIn++;
    }
    const handle = () => this.handle(message);
    if (this.link === undefined) handle();
    else this.link.down(bytes.byteLength, true, handle);
  }

  /**
   * Inputs and acks over the open channel, each input framed with the ones before it
   * (redundancy); shaped as datagrams. False when the channel is not open.
   */
  private sendDatagram(message: ClientMessage): boolean {
    const datagrams = this.datagrams;
    if (datagrams === undefined || !datagrams.isOpen) return false;
    const frames: Uint8Array[] = [];
    if (message.type === 'ack') frames.push(encodeClientMessage(message));
    else if (message.type === 'input') frames.push(datagrams.frame(message));
    else if (message.type === 'inputs') {
      // one datagram per input, as the game sends one per tick: a late frame's batch is several
      for (const input of inputsOfBatch(message)) frames.push(datagrams.frame(input));
    } else return false;
    for (const bytes of frames) {
      if (this.link === undefined) datagrams.send(bytes);
      else this.link.up(bytes.byteLength, () => datagrams.send(bytes), true);
    }
    return true;
  }

  private send(message: ClientMessage): void {
    const socket = this.socket;
    if (socket === undefined || this.isStopping) return;
    if (this.sendDatagram(message)) return;
    const bytes = encodeClientMessage(message);
    if (this.link === undefined) socket.emit('m', bytes);
    else this.link.up(bytes.byteLength, () => socket.emit('m', bytes));
  }
}
