import {
  ARENA_EVENT,
  arenaSocketParser,
  ErrorCode,
  encodeServerMessage,
  isArenaFrame,
  type SocketPacket,
} from '@arena/protocol';
import { TokenBucket } from '../app/token-bucket';
import type { Logger } from '../rooms/room-types';
import { isSkippableMessage } from './skippable-messages';
import {
  byteLengthOf,
  type EngineConnection,
  type EnginePacket,
  engineBacklogBytes,
  hasUnclosedWebSocket,
  terminateWebSocket,
} from './stack-internals';

/** Socket.IO packet types (socket.io-parser's PacketType). */
const PacketType = { CONNECT: 0, DISCONNECT: 1, EVENT: 2, CONNECT_ERROR: 4 } as const;

/** After asking a client to close, how long before its transport is cut regardless. */
const FORCE_CLOSE_MS = 2000;

/** Codes that mean a client misbehaved: logged at warn. Other refusals (room full...) at info. */
const HOSTILE_CODES: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.BAD_MESSAGE,
  ErrorCode.PAYLOAD_TOO_LARGE,
  ErrorCode.RATE_LIMITED,
  ErrorCode.BAD_SEAT,
  ErrorCode.SLOW_CONSUMER,
  ErrorCode.BAD_NAME,
]);

export interface GuardLimits {
  readonly maxPacketBytes: number;
  readonly messageRatePerS: number;
  readonly messageBurst: number;
  readonly maxDroppedMessages: number;
  readonly maxBadMessages: number;
  readonly outboundSkipBytes: number;
  readonly outboundMaxBytes: number;
  readonly slowConsumerMs: number;
}

export interface GuardContext {
  /** The id of the HTTP request that opened the connection (its handshake): every log line of the connection carries it. */
  readonly requestId?: string;
  readonly limits: GuardLimits;
  readonly logger: Logger;
  /** Counts every refusal by code (the `arena_refused_total` metric). */
  readonly refused?: (code: ErrorCode) => void;
  readonly snapshotSkipped?: () => void;
  readonly disconnected?: (code: ErrorCode) => void;
  readonly now?: () => number;
}

/** What the guard needs from the player session of its connection. */
export interface GuardedSession {
  /** Sends bytes to the client past every outbound check (errors before a disconnect). */
  sendUnchecked(bytes: Uint8Array): void;
  /** The server is about to disconnect this client: keep its seat for a rejoin, or free it. */
  beforeDisconnect(keepSeat: boolean): void;
  /** Disconnects the Socket.IO socket and its transport. */
  disconnect(): void;
}

/**
 * Everything one client connection may do, checked before its bytes reach the application, in
 * this order: a frame larger than `maxPacketBytes` disconnects with PAYLOAD_TOO_LARGE; frames over
 * the message rate are dropped unread (RATE_LIMITED, and a sustained flood disconnects); frames
 * that do not decode, other namespaces, unknown events, acks and extra arguments are strikes
 * (BAD_MESSAGE, disconnect after `maxBadMessages`). Outbound, snapshots are skipped while the
 * client's queue is backed up, and a client that stays backed up is dropped (SLOW_CONSUMER).
 * Every refusal is counted, answered with its code before any disconnect, and logged once per
 * connection and code, however many follow.
 */
export class ConnectionGuard {
  readonly ip: string;
  /** Snapshots not sent because the client was backed up. */
  skippedSnapshots = 0;
  private session: GuardedSession | undefined;
  private readonly messages: TokenBucket;
  private readonly dropAllowance: TokenBucket;
  private readonly limits: GuardLimits;
  private readonly now: () => number;
  private readonly loggedCodes = new Set<ErrorCode>();
  private strikes = 0;
  private isDroppingFrame = false;
  private hasAskedToConnect = false;
  private isClosing = false;
  private lastRateWarningMs = Number.NEGATIVE_INFINITY;
  private backedUpSinceMs: number | undefined;
  private forceCloseTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly conn: EngineConnection,
    ip: string,
    private readonly context: GuardContext,
  ) {
    this.ip = ip;
    this.limits = context.limits;
    this.now = context.now ?? (() => performance.now());
    this.messages = new TokenBucket(this.limits.messageBurst, this.limits.messageRatePerS, this.now);
    this.dropAllowance = new TokenBucket(
      this.limits.maxDroppedMessages,
      this.limits.maxDroppedMessages / 10,
      this.now,
    );
    // engine.io emits a message's "packet" event, then its "data" event, in which Socket.IO
    // decodes it (guarded-parser.ts): the frame's verdict is set here first.
    conn.on('packet', (packet: EnginePacket) => this.onPacket(packet));
    conn.once('close', (reason: string, description: unknown) => this.onClose(reason, description));
  }

  get id(): string {
    return this.conn.id;
  }

  /** The id of the handshake request that opened this connection, for log lines. */
  get requestId(): string {
    return this.context.requestId ?? this.conn.id;
  }

  /** True once the server decided to disconnect this client: nothing more from it is processed. */
  get isDisconnecting(): boolean {
    return this.isClosing;
  }

  /** True while the current frame is being dropped unread (over the rate, or too large). */
  get isDropping(): boolean {
    return this.isDroppingFrame;
  }

  attachSession(session: GuardedSession): void {
    this.session = session;
  }

  // ---- inbound ----

  private onPacket(packet: EnginePacket): void {
    if (packet.type !== 'message') return;
    this.isDroppingFrame = false;
    // Arena messages are admitted where they are delivered (admitArenaFrame): on WebSocket they
    // are taken from ws before engine.io, so counting them here too would count polling twice.
    if (packet.data instanceof Uint8Array && isArenaFrame(packet.data)) return;
    this.isDroppingFrame = !this.admitFrame(byteLengthOf(packet.data));
  }

  /**
   * Whether an Arena message (a binary frame whose first byte is a record byte) may reach the
   * session: the connection is not being closed, the frame is within `maxPacketBytes`, and the
   * message rate allows it. Every delivery path calls this once per frame.
   */
  admitArenaFrame(bytes: Uint8Array): boolean {
    return this.admitFrame(bytes.byteLength);
  }

  private admitFrame(size: number): boolean {
    if (this.isClosing) return false;
    if (size > this.limits.maxPacketBytes) {
      const message = `a frame of ${size} bytes exceeds the limit of ${this.limits.maxPacketBytes}`;
      this.report(ErrorCode.PAYLOAD_TOO_LARGE, message);
      this.disconnectWith(ErrorCode.PAYLOAD_TOO_LARGE, message, { keepSeat: false });
      return false;
    }
    if (this.messages.take()) return true;
    this.onOverRate();
    return false;
  }

  private onOverRate(): void {
    const rate = this.limits.messageRatePerS;
    this.report(ErrorCode.RATE_LIMITED, `messages over ${rate}/s are dropped`);
    if (!this.dropAllowance.take()) {
      this.disconnectWith(
        ErrorCode.RATE_LIMITED,
        `disconnected: a sustained flood of more than ${rate} messages/s`,
        { keepSeat: false },
      );
      return;
    }
    // One warning a second is enough: the client learns, and a flood cannot make us flood back.
    const now = this.now();
    if (now - this.lastRateWarningMs < 1000) return;
    this.lastRateWarningMs = now;
    this.sendError(
      ErrorCode.RATE_LIMITED,
      `messages over ${rate}/s (burst ${this.limits.messageBurst}) are dropped`,
    );
  }

  /**
   * A long-polling POST larger than the transport accepts: PAYLOAD_TOO_LARGE and a disconnect, as
   * for a frame over the limit. Its body is never parsed; the refusal goes out on the client's poll.
   */
  refuseOversizedPost(bytes: number, maxBytes: number): void {
    const message = `a polling request of ${bytes} bytes exceeds the limit of ${maxBytes}`;
    this.report(ErrorCode.PAYLOAD_TOO_LARGE, message);
    this.disconnectWith(ErrorCode.PAYLOAD_TOO_LARGE, message, { keepSeat: false });
  }

  /** A frame the Socket.IO decoder could not read (not binary, bad msgpack, bad packet shape). */
  onMalformedFrame(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.strike(ErrorCode.BAD_MESSAGE, `malformed frame: ${reason.slice(0, 120)}`);
  }

  /**
   * Whether a decoded Socket.IO packet may reach Socket.IO: only a connect to "/", a disconnect,
   * and event "m" with exactly one argument and no ack. Nothing is created for other namespaces,
   * and no handler ever sees an ack callback or an argument it did not ask for.
   */
  admit(packet: SocketPacket): boolean {
    if (this.isClosing) return false;
    if (packet.nsp !== '/') {
      const message = `namespace "${packet.nsp.slice(0, 64)}" does not exist: Arena uses "/" only`;
      if (packet.type === PacketType.CONNECT) {
        this.writePacket({
          type: PacketType.CONNECT_ERROR,
          nsp: packet.nsp,
          data: { message: ErrorCode.BAD_MESSAGE, data: { code: ErrorCode.BAD_MESSAGE, message } },
        });
      }
      this.strike(ErrorCode.BAD_MESSAGE, message);
      return false;
    }
    switch (packet.type) {
      case PacketType.CONNECT:
        if (this.hasAskedToConnect) return this.refusePacket('already connected');
        this.hasAskedToConnect = true;
        return true;
      case PacketType.DISCONNECT:
        return this.session !== undefined;
      case PacketType.EVENT: {
        if (this.session === undefined) return this.refusePacket('an event before the connection is set up');
        const args = packet.data as unknown[];
        if (args[0] !== ARENA_EVENT)
          return this.refusePacket(`unknown event "${String(args[0]).slice(0, 32)}"`);
        if (packet.id !== undefined) return this.refusePacket('acknowledgements are not used');
        if (args.length !== 2)
          return this.refusePacket(`event "m" takes one argument, got ${args.length - 1}`);
        return true;
      }
      default:
        return this.refusePacket(`unexpected packet type ${packet.type}`);
    }
  }

  private refusePacket(message: string): false {
    this.strike(ErrorCode.BAD_MESSAGE, message);
    return false;
  }

  /** A bad message: refused with its code; after `maxBadMessages` the client is disconnected. */
  strike(code: ErrorCode, message: string): void {
    if (this.isClosing) return;
    this.strikes++;
    this.report(code, message);
    if (this.strikes >= this.limits.maxBadMessages) {
      this.disconnectWith(
        ErrorCode.BAD_MESSAGE,
        `disconnected after ${this.strikes} bad messages; last: ${message}`,
        { keepSeat: false },
      );
      return;
    }
    this.sendError(code, message);
  }

  /** A refusal that is not the client's fault (room full, rate of joins...): counted and answered. */
  refuse(code: ErrorCode, message: string): void {
    this.report(code, message);
    this.sendError(code, message);
  }

  // ---- outbound ----

  /**
   * Whether a message may be queued for this client now. Snapshots are skipped while more than
   * `outboundSkipBytes` wait (the next one supersedes them); a client backed up for
   * `slowConsumerMs`, or past `outboundMaxBytes`, is disconnected with SLOW_CONSUMER (its seat
   * kept for a rejoin). So one client that stops reading costs the tick nothing and its queue
   * stays bounded.
   */
  admitOutbound(bytes: Uint8Array): boolean {
    return this.admitQueued(isSkippableMessage(bytes));
  }

  /** admitOutbound for the tick's snapshot, which is framed later and always skippable. */
  admitSnapshot(): boolean {
    return this.admitQueued(true);
  }

  private admitQueued(isSkippable: boolean): boolean {
    if (this.isClosing) return false;
    const backlog = this.backlogBytes();
    if (backlog > this.limits.outboundMaxBytes) {
      this.dropSlowConsumer(`${backlog} bytes were waiting`);
      return false;
    }
    if (!isSkippable) return true;
    if (backlog <= this.limits.outboundSkipBytes) {
      this.backedUpSinceMs = undefined;
      return true;
    }
    const now = this.now();
    this.backedUpSinceMs ??= now;
    this.skippedSnapshots++;
    this.context.snapshotSkipped?.();
    if (now - this.backedUpSinceMs >= this.limits.slowConsumerMs) {
      this.dropSlowConsumer(`backed up for ${Math.round(now - this.backedUpSinceMs)} ms`);
    }
    return false;
  }

  /** Bytes queued for this client in user space: engine.io's buffer plus the WebSocket's. */
  backlogBytes(): number {
    return engineBacklogBytes(this.conn);
  }

  /**
   * Disconnects a client that does not keep up with SLOW_CONSUMER, counted and logged like every
   * refusal, its seat kept for a rejoin: its queue is backed up, or (from its room) it stopped
   * acknowledging snapshots.
   */
  dropSlowConsumer(reason: string): void {
    if (this.isClosing) return; // told once, counted once
    const message = `disconnected: not reading (${reason})`;
    this.report(ErrorCode.SLOW_CONSUMER, message);
    this.disconnectWith(ErrorCode.SLOW_CONSUMER, message, { keepSeat: true });
  }

  // ---- refusing and closing ----

  /**
   * Tells the client why, then disconnects it. The error is queued before the close, so a client
   * that reads gets it; one that does not is cut after FORCE_CLOSE_MS whatever its queue holds.
   */
  disconnectWith(code: ErrorCode, message: string, { keepSeat }: { keepSeat: boolean }): void {
    if (this.isClosing) return;
    this.isClosing = true;
    this.context.disconnected?.(code);
    this.context.logger.info(
      { reqId: this.requestId, socketId: this.conn.id, ip: this.ip, code, keepSeat },
      'disconnecting a client with a reason',
    );
    this.session?.beforeDisconnect(keepSeat);
    this.sendError(code, message);
    if (this.session !== undefined) this.session.disconnect();
    else this.conn.close();
    this.cutTransportLater();
  }

  /**
   * Cuts the transport FORCE_CLOSE_MS from now if it is still open: a peer that neither reads nor
   * answers the WebSocket closing handshake would otherwise hold its socket (and whatever is
   * queued on it) for ws's 30 s close timeout.
   */
  private cutTransportLater(): void {
    if (this.forceCloseTimer !== undefined) return;
    this.forceCloseTimer = setTimeout(() => {
      if (this.conn.readyState !== 'closed') this.conn.close(true);
      terminateWebSocket(this.conn);
    }, FORCE_CLOSE_MS);
    this.forceCloseTimer.unref();
  }

  /** Counts a refusal and logs it, the first time per code on this connection only. */
  report(code: ErrorCode, message: string): void {
    this.context.refused?.(code);
    if (this.loggedCodes.has(code)) return;
    this.loggedCodes.add(code);
    const entry = { reqId: this.requestId, socketId: this.conn.id, ip: this.ip, code, reason: message };
    const text = 'refused a client (logged once per connection and code)';
    if (HOSTILE_CODES.has(code)) this.context.logger.warn(entry, text);
    else this.context.logger.info(entry, text);
  }

  private sendError(code: ErrorCode, message: string): void {
    const bytes = encodeServerMessage({ type: 'error', code, message });
    if (this.session !== undefined) this.session.sendUnchecked(bytes);
    else if (this.conn.readyState === 'open') this.conn.write(bytes);
  }

  private writePacket(packet: SocketPacket): void {
    if (this.conn.readyState !== 'open') return;
    for (const frame of new arenaSocketParser.Encoder().encode(packet)) this.conn.write(frame);
  }

  private onClose(reason: string, description: unknown): void {
    this.isClosing = true;
    // However engine.io closed it (Socket.IO's connect timeout, a ping timeout, a disconnect), it
    // has only asked ws to close: the socket stays until the peer answers, or ws gives up at 30 s.
    if (hasUnclosedWebSocket(this.conn)) this.cutTransportLater();
    // ws closes a connection whose frame header claims more than the transport limit before
    // reading the body (so memory never follows the claim); engine.io reports a transport error.
    const detail = description instanceof Error ? description.message : String(description ?? '');
    if (reason === 'transport error' && /max payload/i.test(detail)) {
      this.report(ErrorCode.PAYLOAD_TOO_LARGE, 'a frame larger than the transport limit');
      this.context.disconnected?.(ErrorCode.PAYLOAD_TOO_LARGE);
    }
  }
}
