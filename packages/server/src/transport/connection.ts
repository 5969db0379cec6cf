import type { ErrorCode, NetworkConditions, RtcSignalMessage } from '@arena/protocol';

/**
 * One client connection as a player session sees it: Arena messages in and out, backpressure,
 * refusals and closing. Everything below it (Socket.IO, the short path, the guard's limits) is
 * the transport's (socket-io-connection.ts).
 */
export interface Connection {
  /** The connection's id (engine.io's), for logs. */
  readonly id: string;
  /** The client's address, as every per-address limit counts it. */
  readonly ip: string;
  /** The id of the HTTP request (the handshake) that opened the connection: its log lines carry it. */
  readonly requestId: string;
  readonly isOpen: boolean;
  /**
   * Receives each message that passed the connection's size and rate limits, in order: the bytes
   * of an Arena message, or whatever else a client sent as its event "m", for the session to refuse.
   */
  onMessage(handler: (data: unknown) => void): void;
  /** Told once when the connection is gone; `keepsSeat` is false when the server threw the client out. */
  onClose(handler: (keepsSeat: boolean) => void): void;
  /** Sends a message; snapshots are skipped while the client is backed up (the outbound guard). */
  send(bytes: Uint8Array): void;
  /** Sends a message past the outbound guard (an error before a disconnect). */
  sendUnchecked(bytes: Uint8Array): void;
  /** The tick's snapshot, framed straight into its WebSocket frame where the path allows. */
  sendSnapshot(tick: number, ackSeq: number, body: Uint8Array): void;
  /** Bytes queued for the client and not yet handed to the kernel. */
  backlogBytes(): number;
  /** Reads and handles what the client sent meanwhile, before its room's tick (io path `batched`). */
  readPending(): void;
  /**
   * The client left its room: its messages are read as they arrive again, and its datagram
   * channel (bound to the seat it held) closes.
   */
  releaseReads(): void;
  /**
   * WebRTC signalling from the client for its datagram channel (transport/datagram/), passed on
   * only while it holds a seat in a room that offers datagrams (optional: a connection without
   * it keeps every client on its own path).
   */
  signal?(message: RtcSignalMessage): void;
  /** Simulated network conditions on this connection, both ways (undefined = none). */
  simulateNetwork(conditions: NetworkConditions | undefined): void;
  /** A bad message: refused with its code; too many disconnect the client. */
  strike(code: ErrorCode, message: string): void;
  /** A refusal that is not the client's fault (room full, join rate): counted and answered. */
  refuse(code: ErrorCode, message: string): void;
  /** The client stopped reading (its acks stalled): SLOW_CONSUMER, counted and told, seat kept for a rejoin. */
  dropSlowConsumer(reason: string): void;
  /** Tells the client why, then disconnects it; `keepSeat` decides whether its seat waits for a rejoin. */
  close(code: ErrorCode, message: string, options: { keepSeat: boolean }): void;
}
