import {
  datagramsNotOfferedReason,
  ErrorCode,
  encodeServerMessage,
  isArenaFrame,
  type NetworkConditions,
  type RtcSignalMessage,
  snapshotMessageLength,
} from '@arena/protocol';
import type { Socket } from 'socket.io';
import type { TrafficObserver } from '../metrics/server-metrics';
import { type ArenaWire, attachArenaWire, type WireContext, type WirePath } from './arena-wire';
import type { Connection } from './connection';
import type { ConnectionGuard, GuardedSession } from './connection-guard';
import type { DatagramHost } from './datagram/datagram-host';
import type { DatagramLink } from './datagram/datagram-link';

/**
 * A Socket.IO socket as a Connection: its Arena messages through the short path (arena-wire.ts),
 * every one of them through the connection's guard (size, rate, outbound backlog), and any other
 * Socket.IO event refused as a bad message.
 */
export class SocketIoConnection implements Connection, GuardedSession {
  private readonly wire: ArenaWire;
  private messageHandler: (data: unknown) => void = () => {};
  private readonly closeHandlers: ((keepsSeat: boolean) => void)[] = [];
  /** A dropped connection keeps its seat for a rejoin, unless the server threw the client out. */
  private keepsSeat = true;
  /** The seat's datagram channel, from the client's first offer until the seat is left. */
  private datagrams: DatagramLink | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly guard: ConnectionGuard,
    wire: WireContext,
    private readonly traffic?: TrafficObserver,
    private readonly datagramHost?: DatagramHost,
  ) {
    guard.attachSession(this);
    this.wire = attachArenaWire(socket, (data) => this.onArenaMessage(data), wire);
    socket.onAny((event: string) => {
      if (event !== 'm') guard.strike(ErrorCode.BAD_MESSAGE, `unknown event "${event.slice(0, 32)}"`);
    });
    socket.on('disconnect', () => {
      this.datagrams?.close();
      this.datagrams = undefined;
      for (const handler of this.closeHandlers) handler(this.keepsSeat);
    });
  }

  get id(): string {
    return this.socket.id ?? this.guard.id;
  }

  get ip(): string {
    return this.guard.ip;
  }

  get requestId(): string {
    return this.guard.requestId;
  }

  get isOpen(): boolean {
    return this.socket.connected;
  }

  /** Which way this socket's Arena messages travel. */
  get path(): WirePath {
    return this.wire.path;
  }

  onMessage(handler: (data: unknown) => void): void {
    this.messageHandler = handler;
  }

  onClose(handler: (keepsSeat: boolean) => void): void {
    this.closeHandlers.push(handler);
  }

  send(bytes: Uint8Array): void {
    if (!this.socket.connected || !this.guard.admitOutbound(bytes)) return;
    this.traffic?.messageOut(bytes.length);
    this.wire.send(bytes);
  }

  sendUnchecked(bytes: Uint8Array): void {
    if (!this.socket.connected) return;
    this.traffic?.messageOut(bytes.length);
    this.wire.send(bytes);
  }

  sendSnapshot(tick: number, ackSeq: number, body: Uint8Array): void {
    if (this.datagrams?.isOpen === true) {
      const sent = this.datagrams.sendSnapshot(tick, ackSeq, body);
      if (sent > 0) {
        this.traffic?.messageOut(sent);
        return;
      }
    }
    if (!this.socket.connected || !this.guard.admitSnapshot()) return;
    this.traffic?.messageOut(snapshotMessageLength(tick, ackSeq, body.length));
    this.wire.sendSnapshot(tick, ackSeq, body);
  }

  backlogBytes(): number {
    return this.wire.backlogBytes();
  }

  readPending(): void {
    this.wire.readPending();
  }

  releaseReads(): void {
    this.wire.releaseReads();
    this.datagrams?.close('the seat was left');
    this.datagrams = undefined;
  }

  signal(message: RtcSignalMessage): void {
    const host = this.datagramHost;
    if (host === undefined) {
      this.send(
        encodeServerMessage({
          type: 'rtcSignal',
          kind: 'close',
          reason: datagramsNotOfferedReason('this server'),
        }),
      );
      return;
    }
    if (this.datagrams === undefined) {
      this.datagrams = host.link(this.id, {
        sendSignal: (signal) => this.send(encodeServerMessage(signal)),
        admit: (bytes) => this.guard.admitArenaFrame(bytes),
        deliver: (bytes) => {
          this.traffic?.messageIn(bytes.length);
          this.messageHandler(bytes);
        },
        strike: (code, reason) => this.guard.strike(code, reason),
      });
      // the room's simulated network shapes the channel as it shapes the WebSocket
      this.datagrams.simulateNetwork(this.wire.simulatedNetwork);
    }
    this.datagrams.signal(message);
  }

  simulateNetwork(conditions: NetworkConditions | undefined): void {
    this.wire.simulateNetwork(conditions);
    this.datagrams?.simulateNetwork(conditions);
  }

  strike(code: ErrorCode, message: string): void {
    this.guard.strike(code, message);
  }

  refuse(code: ErrorCode, message: string): void {
    this.guard.refuse(code, message);
  }

  dropSlowConsumer(reason: string): void {
    this.guard.dropSlowConsumer(reason);
  }

  close(code: ErrorCode, message: string, options: { keepSeat: boolean }): void {
    this.guard.disconnectWith(code, message, options);
  }

  // ---- GuardedSession: what the guard does to this connection ----

  beforeDisconnect(keepSeat: boolean): void {
    this.keepsSeat = keepSeat;
  }

  disconnect(): void {
    this.socket.disconnect(true);
  }

  private onArenaMessage(data: unknown): void {
    // Size, rate and "being disconnected" checks, on every path an Arena frame arrives by.
    if (data instanceof Uint8Array && isArenaFrame(data) && !this.guard.admitArenaFrame(data)) return;
    this.traffic?.messageIn(data instanceof Uint8Array ? data.length : 0);
    this.messageHandler(data);
  }
}
