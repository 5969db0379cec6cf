import {
  ARENA_EVENT,
  arenaSocketParser,
  type ClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  type ServerMessage,
} from '@arena/protocol';
import { io, type Socket } from 'socket.io-client';

/** Where the connection stands, as the screens describe it. */
export type ConnectionStatus =
  | { readonly state: 'connecting' }
  | { readonly state: 'connected' }
  /** The server dropped us or the network went away; Socket.IO keeps retrying. */
  | { readonly state: 'disconnected'; readonly reason: string }
  /** A connection attempt failed (server down, wrong address); Socket.IO keeps retrying. */
  | { readonly state: 'unreachable'; readonly reason: string };

export type MessageListener = (message: ServerMessage, bytes: number) => void;
export type StatusListener = (status: ConnectionStatus) => void;

/** Byte counters the connection feeds (the net graph's in/out lines). */
export interface TrafficSink {
  recordBytesIn(bytes: number): void;
  recordBytesOut(bytes: number): void;
}

/**
 * The one Socket.IO connection to the game server, speaking Arena messages: each is one binary
 * argument of event `m`, with Arena's own parser on both ends (one WebSocket frame per message).
 * Messages it cannot decode are counted and dropped, never thrown into the game.
 */
export class ArenaConnection {
  private readonly socket: Socket;
  private readonly messageListeners = new Set<MessageListener>();
  private readonly statusListeners = new Set<StatusListener>();
  private currentStatus: ConnectionStatus = { state: 'connecting' };
  private undecodable = 0;

  /** `url` undefined connects to the page's own origin (the server that served the game). */
  constructor(
    url: string | undefined,
    private readonly traffic: TrafficSink,
  ) {
    const options = {
      parser: arenaSocketParser,
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    };
    this.socket = url === undefined ? io(options) : io(url, options);
    this.socket.on(ARENA_EVENT, (data: unknown) => this.onData(data));
    this.socket.on('connect', () => this.setStatus({ state: 'connected' }));
    this.socket.on('disconnect', (reason) => this.setStatus({ state: 'disconnected', reason }));
    this.socket.on('connect_error', (error) =>
      this.setStatus({ state: 'unreachable', reason: error.message }),
    );
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  get isConnected(): boolean {
    return this.socket.connected;
  }

  /** Messages from the server this client could not decode. */
  get undecodableMessages(): number {
    return this.undecodable;
  }

  send(message: ClientMessage): void {
    if (!this.socket.connected) return;
    const bytes = encodeClientMessage(message);
    this.traffic.recordBytesOut(bytes.length);
    this.socket.emit(ARENA_EVENT, bytes);
  }

  onMessage(listener: MessageListener): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  close(): void {
    this.socket.close();
  }

  private onData(data: unknown): void {
    const bytes =
      data instanceof ArrayBuffer ? data.byteLength : data instanceof Uint8Array ? data.length : 0;
    this.traffic.recordBytesIn(bytes);
    const decoded = decodeServerMessage(data);
    if (!decoded.ok) {
      this.undecodable++;
      console.warn(`Arena: dropped an undecodable server message: ${decoded.error.message}`);
      return;
    }
    for (const listener of this.messageListeners) listener(decoded.value, bytes);
  }

  private setStatus(status: ConnectionStatus): void {
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
