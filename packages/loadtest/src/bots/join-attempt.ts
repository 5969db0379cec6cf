import { arenaSocketParser, encodeClientMessage, PROTOCOL_VERSION } from '@arena/protocol';
import { io, type Socket } from 'socket.io-client';
import { handshakeRefusal } from './handshake-refusal';

export interface JoinAttemptOptions {
  readonly url: string;
  readonly roomId: string;
  readonly name: string;
  readonly connectTimeoutMs: number;
  /** Called once connected, just before the join is sent (e.g. to hook byte counting). */
  readonly onConnect?: () => void;
}

/** A connection on its way into a room: the caller watches `socket` and ends it on the welcome. */
export interface JoinAttempt {
  readonly socket: Socket;
  /** Settles once: on `succeed`, or on `fail` (also after the timeout or a refused handshake). */
  readonly done: Promise<void>;
  succeed(): void;
  /** Closes the socket and rejects `done` with `message`. */
  fail(message: string): void;
}

/**
 * Opens a headless client's Socket.IO connection (WebSocket only, Arena's parser, one frame per
 * packet, no reconnection) and sends the join once connected. The attempt fails after
 * `connectTimeoutMs` without a welcome, or on a refused handshake, with the server's reason
 * asked over polling (handshake-refusal.ts: a WebSocket client only learns "websocket error").
 * Load-test bots and lab probes join this way.
 */
export function startJoin(options: JoinAttemptOptions): JoinAttempt {
  const { url, roomId, name, connectTimeoutMs } = options;
  const socket = io(url, {
    transports: ['websocket'],
    parser: arenaSocketParser,
    forceNew: true,
    reconnection: false,
    timeout: connectTimeoutMs,
  });
  let resolveDone: () => void = () => {};
  let rejectDone: (error: Error) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const timer = setTimeout(() => fail(`no welcome within ${connectTimeoutMs} ms`), connectTimeoutMs);
  function fail(message: string): void {
    clearTimeout(timer);
    socket.close();
    rejectDone(new Error(message));
  }
  socket.once('connect_error', (error) => {
    void handshakeRefusal(url).then((reason) => fail(`connect_error: ${reason ?? error.message}`));
  });
  socket.once('connect', () => {
    options.onConnect?.();
    socket.emit('m', encodeClientMessage({ type: 'join', protocolVersion: PROTOCOL_VERSION, name, roomId }));
  });
  return {
    socket,
    done,
    succeed() {
      clearTimeout(timer);
      resolveDone();
    },
    fail,
  };
}
