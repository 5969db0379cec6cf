import {
  ARENA_EVENT,
  datagramsNotOfferedReason,
  decodeClientMessage,
  ErrorCode,
  encodeServerMessage,
  fail,
  type InputMessage,
  inputsOfBatch,
  type JoinMessage,
  type NetworkConditions,
  ok,
  type RejoinMessage,
  type Result,
  type RtcSignalMessage,
} from '@arena/protocol';
import type { RoomDirectory } from '../rooms/room-directory';
import type { Logger, RoomConnection } from '../rooms/room-types';
import type { SeatedRoom } from '../rooms/spectator-rooms';
import type { GhostSeats } from '../security/ghost-seats';
import type { IpRateLimiter } from '../security/ip-rate-limiter';
import { parseSeatToken } from '../security/seat-token';
import type { Connection } from '../transport/connection';
import type { Lobby } from './lobby';
import { TokenBucket } from './token-bucket';

/** The one Socket.IO event Arena uses: each argument is one binary protocol message. */
export const MESSAGE_EVENT = ARENA_EVENT;

/** Chat lines a socket may send: a burst of 5, then one every 2 s. */
const CHAT_BURST = 5;
const CHAT_LINES_PER_S = 0.5;
/** Joins and rejoins a socket may make back to back; the sustained rate is an option. */
const JOIN_BURST = 5;

export interface SessionContext {
  readonly directory: RoomDirectory;
  readonly lobby: Lobby;
  readonly logger: Logger;
  /** False while the server drains for shutdown: joins are refused. */
  readonly isAccepting: () => boolean;
  /** Joins and rejoins per socket per minute. */
  readonly joinRatePerMin?: number;
  /** Joins and rejoins per client address, all its sockets together. */
  readonly ipJoins?: IpRateLimiter;
  /** Seats held for a rejoin, counted against the address that dropped them. */
  readonly ghostSeats?: GhostSeats;
}

/**
 * One connected socket: decodes and validates what it sends, forwards it to its room, and is
 * the room's way back to the socket. Identity is the seat this session holds, never anything
 * the client claims.
 */
export class PlayerSession implements RoomConnection {
  private room: SeatedRoom | undefined;
  private playerId = 0;
  private hasWarnedNotInRoom = false;
  private readonly joinBucket: TokenBucket;
  private lobbyName = '';
  private readonly chatBucket = new TokenBucket(CHAT_BURST, CHAT_LINES_PER_S);

  constructor(
    private readonly connection: Connection,
    private readonly context: SessionContext,
  ) {
    this.joinBucket = new TokenBucket(JOIN_BURST, (context.joinRatePerMin ?? 30) / 60);
    connection.onMessage((data) => this.onMessage(data));
    connection.onClose((keepsSeat) => {
      if (this.room !== undefined) this.logSeat('left its seat', this.room.id, { keepsSeat });
      if (keepsSeat) this.suspendSeat();
      else this.leaveRoom();
      this.context.lobby.unwatch(this);
    });
  }

  get roomId(): string | undefined {
    return this.room?.id;
  }

  send(bytes: Uint8Array): void {
    this.connection.send(bytes);
  }

  /** The tick's snapshot, framed straight into its WebSocket frame where the path allows. */
  sendSnapshot(tick: number, ackSeq: number, body: Uint8Array): void {
    this.connection.sendSnapshot(tick, ackSeq, body);
  }

  /** Before each tick of its room: what the client sent meanwhile, read and handled now. */
  readPending(): void {
    this.connection.readPending();
  }

  simulateNetwork(conditions: NetworkConditions | undefined): void {
    this.connection.simulateNetwork(conditions);
  }

  /** The player stopped acknowledging snapshots: SLOW_CONSUMER, told first, the seat kept for a rejoin. */
  dropSlowConsumer(reason: string): void {
    this.connection.dropSlowConsumer(reason);
  }

  roomClosed(): void {
    this.room = undefined;
    this.playerId = 0;
    this.connection.releaseReads();
  }

  /** Sends an error with its code, then disconnects and frees the seat (server shutdown). */
  disconnectWith(code: ErrorCode, message: string): void {
    this.connection.close(code, message, { keepSeat: false });
  }

  private onMessage(data: unknown): void {
    try {
      this.handleMessage(data);
    } catch (error) {
      // Room calls are isolated in inRoom; anything else is a server bug that must not take
      // the process (or other players) down with it.
      this.context.logger.error(
        { err: error, reqId: this.connection.requestId, socketId: this.connection.id },
        'message handler failed',
      );
      this.connection.close(ErrorCode.INTERNAL, 'the server failed to handle your message', {
        keepSeat: true,
      });
    }
  }

  private handleMessage(data: unknown): void {
    const decoded = decodeClientMessage(data);
    if (!decoded.ok) {
      this.reject(decoded.error.code, decoded.error.message);
      return;
    }
    const message = decoded.value;
    switch (message.type) {
      case 'input':
        this.onInput(message);
        break;
      case 'inputs':
        // a batch is the same inputs sent one by one, with consecutive seqs
        for (const input of inputsOfBatch(message)) this.onInput(input);
        break;
      case 'ack': {
        // outside a room an ack is harmless (one sent just before a leave): ignored, not refused
        const room = this.room;
        if (room !== undefined) {
          this.inRoom(room, () => room.receiveAck(this.playerId, message.lastSnapshotTick), undefined);
        }
        break;
      }
      case 'join':
        this.onJoin(message);
        break;
      case 'leave':
        this.leaveRoom();
        break;
      case 'ping':
        this.send(
          encodeServerMessage({ type: 'pong', clientTimeMs: message.clientTimeMs, serverTimeMs: Date.now() }),
        );
        break;
      case 'chat':
        this.onChat(message.text);
        break;
      case 'lobby':
        this.onLobby(message.watch, message.name);
        break;
      case 'rejoin':
        this.onRejoin(message);
        break;
      case 'rtcSignal':
        this.onSignal(message);
        break;
      case 'netsim':
        this.connection.simulateNetwork(message.conditions);
        this.connection.sendUnchecked(
          encodeServerMessage({
            type: 'notice',
            level: 'info',
            text:
              message.conditions === undefined
                ? 'network simulation off'
                : `network simulation: ${describeConditions(message.conditions)}`,
          }),
        );
        break;
    }
  }

  private onChat(text: string): void {
    if (!this.chatBucket.take()) {
      this.sendError(
        ErrorCode.RATE_LIMITED,
        'chat line dropped: at most one line every 2 s after a burst of 5',
      );
      return;
    }
    const room = this.room;
    if (room !== undefined) {
      this.inRoom(room, () => room.chat(this.playerId, text), undefined);
    } else if (this.context.lobby.isWatching(this)) {
      this.context.lobby.chat(this.lobbyName, text);
    } else {
      this.sendError(ErrorCode.NOT_IN_ROOM, 'chat ignored: join a room or watch the lobby first');
    }
  }

  private onLobby(watch: boolean, name: string): void {
    if (!watch) {
      this.context.lobby.unwatch(this);
      return;
    }
    this.lobbyName = name;
    this.context.lobby.watch(this);
  }

  /**
   * Signalling for a datagram channel: for a seated player of a live room that offers datagrams,
   * passed to the transport (which binds the channel to this seat); anyone else is told `close`.
   */
  private onSignal(signal: RtcSignalMessage): void {
    const room = this.room;
    if (room === undefined) {
      this.sendError(ErrorCode.NOT_IN_ROOM, 'rtcSignal ignored: datagrams are for a seated player');
      return;
    }
    const live = this.context.directory.get(room.id);
    const offersDatagrams = live === room && live.config.transport === 'datagram';
    if (offersDatagrams && this.connection.signal !== undefined) {
      this.connection.signal(signal);
    } else if (signal.kind !== 'close') {
      const reason = datagramsNotOfferedReason(`room ${room.id}`);
      this.send(encodeServerMessage({ type: 'rtcSignal', kind: 'close', reason }));
    }
  }

  private onInput(input: InputMessage): void {
    if (this.room === undefined) {
      if (!this.hasWarnedNotInRoom) this.sendError(ErrorCode.NOT_IN_ROOM, 'input ignored: join a room first');
      this.hasWarnedNotInRoom = true;
      return;
    }
    const room = this.room;
    if (this.inRoom(room, () => room.receiveInput(this.playerId, input), 'dropped') === 'forged') {
      this.reject(ErrorCode.BAD_MESSAGE, `input seq ${input.seq} jumps too far ahead`);
    }
  }

  private onJoin(join: JoinMessage): void {
    if (!this.mayTakeSeat()) return;
    const overCap = this.context.ghostSeats?.refusesNewSeat(this.connection.ip);
    if (overCap !== undefined) {
      this.sendError(ErrorCode.RATE_LIMITED, overCap);
      return;
    }
    if (this.redirectIfElsewhere(join.roomId)) return;
    const replay = this.context.directory.replays?.get(join.roomId);
    const found: Result<SeatedRoom> =
      replay === undefined ? this.context.directory.resolveForJoin(join.roomId) : ok(replay);
    if (!found.ok) {
      this.sendError(found.error.code, found.error.message);
      return;
    }
    const room = found.value;
    const seated = this.inRoom(room, () => room.join(join.name, this), roomFailed);
    if (!seated.ok) {
      this.sendError(seated.error.code, seated.error.message);
      return;
    }
    this.takeSeat(room, seated.value);
  }

  /**
   * Takes a seat back with the token of its newest welcome. Nothing about the seat changes
   * unless the token is right (see Room.resume); a wrong one is a strike, so guessing is bounded.
   */
  private onRejoin(rejoin: RejoinMessage): void {
    if (!this.mayTakeSeat()) return;
    const claim = parseSeatToken(rejoin.seatToken);
    if (claim !== undefined && this.redirectIfElsewhere(claim.roomId)) return;
    const room = claim === undefined ? undefined : this.context.directory.get(claim.roomId);
    if (claim === undefined || room === undefined || room.isClosed) {
      this.reject(ErrorCode.BAD_SEAT, 'unknown, expired or already used seat token');
      return;
    }
    const resumed = this.inRoom(room, () => room.resume(claim.playerId, claim.secret, this), roomFailed);
    if (!resumed.ok) {
      if (resumed.error.code === ErrorCode.BAD_SEAT) this.reject(resumed.error.code, resumed.error.message);
      else this.sendError(resumed.error.code, resumed.error.message);
      return;
    }
    this.takeSeat(room, resumed.value);
  }

  /** A join or rejoin may proceed: the server accepts players, this socket holds no seat, and the join rate allows it. */
  private mayTakeSeat(): boolean {
    if (!this.context.isAccepting()) {
      this.sendError(ErrorCode.SERVER_SHUTDOWN, 'the server is shutting down');
      return false;
    }
    if (this.room !== undefined) {
      this.sendError(ErrorCode.ALREADY_IN_ROOM, `already in room ${this.room.id}: leave it first`);
      return false;
    }
    return this.takeJoinToken();
  }

  private takeSeat(room: SeatedRoom, playerId: number): void {
    this.logSeat('took a seat', room.id, { playerId });
    this.room = room;
    this.playerId = playerId;
    this.hasWarnedNotInRoom = false;
    this.context.lobby.unwatch(this);
  }

  /** A line per seat taken or left, with the id of the request that opened the connection. */
  private logSeat(what: string, roomId: string, details: object): void {
    const { requestId, ip, id } = this.connection;
    this.context.logger.info({ reqId: requestId, socketId: id, ip, roomId, ...details }, what);
  }

  /**
   * Clustered: a join or rejoin for a room that another node simulates is answered with a
   * `redirect` to that node (the client connects there and sends it again); nothing changes here.
   */
  private redirectIfElsewhere(roomId: string): boolean {
    const location = this.context.directory.locate?.(roomId);
    if (location === undefined) return false;
    this.send(encodeServerMessage({ type: 'redirect', roomId: location.roomId, url: location.url }));
    return true;
  }

  private takeJoinToken(): boolean {
    if (!this.joinBucket.take()) {
      const perMin = this.context.joinRatePerMin ?? 30;
      this.sendError(ErrorCode.RATE_LIMITED, `join refused: at most ${perMin} joins a minute per connection`);
      return false;
    }
    if (this.context.ipJoins !== undefined && !this.context.ipJoins.take(this.connection.ip)) {
      this.sendError(
        ErrorCode.RATE_LIMITED,
        'join refused: too many joins from your address, try again soon',
      );
      return false;
    }
    return true;
  }

  /** Frees the seat at once (a leave, or a client the server threw out). */
  private leaveRoom(): void {
    const room = this.room;
    if (room !== undefined) this.inRoom(room, () => room.leave(this.playerId), undefined);
    this.room = undefined;
    this.playerId = 0;
    this.connection.releaseReads();
  }

  /** The connection dropped: the room keeps the seat for the reconnect grace period. */
  private suspendSeat(): void {
    const room = this.room;
    const watch = this.context.ghostSeats?.watchFor(this.connection.ip);
    if (room !== undefined) this.inRoom(room, () => room.suspend(this.playerId, this, watch), undefined);
    this.room = undefined;
    this.playerId = 0;
    this.connection.releaseReads();
  }

  /**
   * Calls into a room. An exception there is that room's failure: it closes with ROOM_ERROR
   * (its players are told), while this socket, the process and every other room carry on.
   */
  private inRoom<T>(room: SeatedRoom, call: () => T, fallback: T): T {
    try {
      return call();
    } catch (error) {
      room.fail(error, 'message handler');
      return fallback;
    }
  }

  /** Refuses a bad message with its code; after too many, the socket is disconnected. */
  private reject(code: ErrorCode, message: string): void {
    this.connection.strike(code, message);
  }

  /** Refuses a request with its code (counted, logged once per code, answered). */
  private sendError(code: ErrorCode, message: string): void {
    this.connection.refuse(code, message);
  }
}

const roomFailed: Result<never> = fail(ErrorCode.ROOM_ERROR, 'the room failed and was closed');

function describeConditions({ latencyMs, jitterMs, lossPct, bandwidthKbps }: NetworkConditions): string {
  const cap = bandwidthKbps > 0 ? `, ${bandwidthKbps} kbit/s` : '';
  return `+${latencyMs} ms each way ±${jitterMs} ms, ${lossPct} % loss${cap}`;
}
