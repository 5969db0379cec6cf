import {
  ARENA_EVENT,
  decodeClientMessage,
  ErrorCode,
  encodeServerMessage,
  type InputMessage,
  type JoinMessage,
} from '@arena/protocol';
import type { Socket } from 'socket.io';
import type { TrafficObserver } from '../metrics/server-metrics';
import type { Room } from '../rooms/room';
import type { RoomDirectory } from '../rooms/room-directory';
import type { Logger, RoomConnection } from '../rooms/room-types';
import { type ArenaWire, attachArenaWire } from './arena-wire';
import type { Lobby } from './lobby';
import { TokenBucket } from './token-bucket';

/** The one Socket.IO event Arena uses: each argument is one binary protocol message. */
export const MESSAGE_EVENT = ARENA_EVENT;

/** Chat lines a socket may send: a burst of 5, then one every 2 s. */
const CHAT_BURST = 5;
const CHAT_LINES_PER_S = 0.5;

export interface SessionContext {
  readonly traffic?: TrafficObserver;
  readonly directory: RoomDirectory;
  readonly lobby: Lobby;
  readonly logger: Logger;
  readonly maxBadMessages: number;
  /** False while the server drains for shutdown: joins are refused. */
  readonly isAccepting: () => boolean;
}

/**
 * One connected socket: decodes and validates what it sends, forwards it to its room, and is
 * the room's way back to the socket. Identity is the seat this session holds, never anything
 * the client claims.
 */
export class PlayerSession implements RoomConnection {
  private room: Room | undefined;
  private playerId = 0;
  private badMessages = 0;
  private hasWarnedNotInRoom = false;
  private lobbyName = '';
  private readonly chatBucket = new TokenBucket(CHAT_BURST, CHAT_LINES_PER_S);
  private readonly wire: ArenaWire;

  constructor(
    private readonly socket: Socket,
    private readonly context: SessionContext,
  ) {
    this.wire = attachArenaWire(socket, (data) => this.onMessage(data));
    socket.onAny((event: string) => {
      if (event !== MESSAGE_EVENT)
        this.reject(ErrorCode.BAD_MESSAGE, `unknown event "${event.slice(0, 32)}"`);
    });
    socket.on('disconnect', () => {
      this.leaveRoom();
      this.context.lobby.unwatch(this);
    });
  }

  get roomId(): string | undefined {
    return this.room?.id;
  }

  /** Whether this socket's Arena messages take the short path (see arena-wire.ts). */
  get isFastPath(): boolean {
    return this.wire.isFastPath;
  }

  send(bytes: Uint8Array): void {
    if (!this.socket.connected) return;
    this.context.traffic?.messageOut(bytes.length);
    this.wire.send(bytes);
  }

  roomClosed(): void {
    this.room = undefined;
    this.playerId = 0;
  }

  /** Sends an error with its code, then disconnects (server shutdown, too many strikes). */
  disconnectWith(code: ErrorCode, message: string): void {
    this.sendError(code, message);
    this.leaveRoom();
    this.socket.disconnect(true);
  }

  private onMessage(data: unknown): void {
    this.context.traffic?.messageIn(data instanceof Uint8Array ? data.length : 0);
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
    if (this.room !== undefined) {
      this.room.chat(this.playerId, text);
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

  private onInput(input: InputMessage): void {
    if (this.room === undefined) {
      if (!this.hasWarnedNotInRoom) this.sendError(ErrorCode.NOT_IN_ROOM, 'input ignored: join a room first');
      this.hasWarnedNotInRoom = true;
      return;
    }
    if (this.room.receiveInput(this.playerId, input) === 'forged') {
      this.reject(ErrorCode.BAD_MESSAGE, `input seq ${input.seq} jumps too far ahead`);
    }
  }

  private onJoin(join: JoinMessage): void {
    if (!this.context.isAccepting()) {
      this.sendError(ErrorCode.SERVER_SHUTDOWN, 'the server is shutting down');
      return;
    }
    if (this.room !== undefined) {
      this.sendError(ErrorCode.ALREADY_IN_ROOM, `already in room ${this.room.id}: leave it first`);
      return;
    }
    const found = this.context.directory.resolveForJoin(join.roomId);
    if (!found.ok) {
      this.sendError(found.error.code, found.error.message);
      return;
    }
    const room = found.value;
    const seated = room.join(join.name, this);
    if (!seated.ok) {
      this.sendError(seated.error.code, seated.error.message);
      return;
    }
    this.room = room;
    this.playerId = seated.value;
    this.hasWarnedNotInRoom = false;
    this.context.lobby.unwatch(this);
  }

  private leaveRoom(): void {
    this.room?.leave(this.playerId);
    this.room = undefined;
    this.playerId = 0;
  }

  /** Refuses a bad message with its code; after too many, the socket is disconnected. */
  private reject(code: ErrorCode, message: string): void {
    this.context.traffic?.refused(code);
    this.badMessages++;
    if (this.badMessages >= this.context.maxBadMessages) {
      this.context.logger.warn(
        { socketId: this.socket.id, code },
        'disconnecting a client after repeated bad messages',
      );
      this.disconnectWith(
        ErrorCode.BAD_MESSAGE,
        `disconnected after ${this.badMessages} bad messages; last: ${message}`,
      );
      return;
    }
    this.sendError(code, message);
  }

  private sendError(code: ErrorCode, message: string): void {
    this.send(encodeServerMessage({ type: 'error', code, message }));
  }
}
