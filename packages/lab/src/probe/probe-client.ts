import { SimulatedLink, seededRandom, startJoin, wsHeaderBytes } from '@arena/loadtest';
import {
  type ClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  type NetworkConditions,
  type ServerMessage,
} from '@arena/protocol';
import type { Socket } from 'socket.io-client';
import type { InputSource } from '../script/input-script';
import { ProbeSession } from './probe-session';

export interface ProbeClientOptions {
  readonly url: string;
  readonly roomId: string;
  readonly name: string;
  readonly script: InputSource;
  /** Bot-side simulated network, applied from the welcome on (undefined: none). */
  readonly network: NetworkConditions | undefined;
  readonly networkSeed: number;
  readonly connectTimeoutMs: number;
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
  /** Problems seen after the join: server errors, disconnects. */
  readonly problems: string[] = [];

  constructor(private readonly options: ProbeClientOptions) {}

  get session(): ProbeSession {
    if (this.probe === undefined) throw new Error('probe not joined');
    return this.probe;
  }

  get isJoined(): boolean {
    return this.probe !== undefined;
  }

  /** Snapshots the bot-side link dropped. */
  get droppedSnapshots(): number {
    return this.link?.droppedDown ?? 0;
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
    this.link?.close();
    this.socket?.close();
  }

  private handle(message: ServerMessage): void {
    const probe = this.probe!;
    const nowMs = performance.now();
    if (message.type === 'snapshot') probe.onSnapshot(message, nowMs);
    else if (message.type === 'pong') probe.onPong(message, nowMs);
    else if (message.type === 'error') this.problems.push(`${message.code}: ${message.message}`);
  }

  private send(message: ClientMessage): void {
    const socket = this.socket;
    if (socket === undefined || this.isStopping) return;
    const bytes = encodeClientMessage(message);
    if (this.link === undefined) socket.emit('m', bytes);
    else this.link.up(bytes.byteLength, () => socket.emit('m', bytes));
  }
}
