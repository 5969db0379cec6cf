import { readSync, writeSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Every use Arena makes of a private field, or of undocumented behaviour, of Node's TCP sockets,
 * `ws`, engine.io and Socket.IO lives in this file, so that an upgrade is re-validated in one
 * place (docs/netcode.md, "Upgrading the stack"). The fast path (transport/arena-wire.ts) reaches
 * them only through here:
 *
 * - Socket.IO: each client's decoder (`socket.client.decoder`), and that it builds one decoder per
 *   engine.io connection, in its own "connection" listener.
 * - engine.io: a socket's `writeBuffer` and `upgrading`, its WebSocket transport's `ws` socket
 *   (`transport.socket`), that it handles a WebSocket's messages in one "message" listener, and
 *   its polling transport's `closeTimeout` (written, not read), `maxHttpBufferSize` (written) and
 *   `onDataRequest` and `headers` (wrapped and called).
 * - ws: the WebSocket's frame parser (`_receiver`: `_state`, `_bufferedBytes`, `_fragmented`,
 *   `_maxPayload`, its Writable `write`), its frame writer (`_sender.sendFrame`), its TCP socket
 *   (`_socket`).
 * - Node: a TCP socket's handle (`_handle`: `fd`, `readStop`, `readStart`, and `reading`, which
 *   Node's net.js checks before it restarts reading); that its HTTP server takes each new TCP
 *   connection in a "connection" listener (`gateConnections`, stack-check.ts).
 *
 * At start, `checkStack` (stack-check.ts) compares the installed versions with the ranges this was
 * written for and probes ws's parser and writer; per connection, `fastPartsOf` checks the shapes it
 * reads. When anything differs, the connection (or the whole process) takes Socket.IO's standard
 * path. The two files are the one adapter: nothing else reads a private field of the stack.
 */

// ---- Socket.IO ----

/** The decoder Socket.IO built for a socket's engine.io connection (one per connection). */
export function decoderOf(socket: { readonly client: unknown }): unknown {
  return (socket.client as { decoder?: unknown }).decoder;
}

// ---- engine.io ----

/** A ws WebSocket as engine.io's WebSocket transport holds it. */
export interface WsSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  terminate(): void;
  listeners(event: 'message'): ((data: Buffer, isBinary: boolean) => void)[];
  removeAllListeners(event: 'message'): void;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
}

export interface EngineTransport {
  readonly name: string;
}

/** A packet as engine.io's "packet" event gives it. */
export interface EnginePacket {
  readonly type: string;
  readonly data?: unknown;
}

/** engine.io's socket (Socket.IO's `socket.conn`): its public API, as Arena uses it. */
export interface EngineConnection {
  readonly id: string;
  readonly request: IncomingMessage;
  readonly readyState: string;
  readonly transport: EngineTransport;
  write(data: Uint8Array): void;
  close(discard?: boolean): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
  once(event: string, listener: (...args: never[]) => void): unknown;
}

/** engine.io's private parts of its socket. */
interface EngineInternals {
  readonly writeBuffer?: readonly { readonly data?: unknown }[];
  readonly upgrading?: boolean;
  readonly transport: EngineTransport & { readonly socket?: WsSocket };
}

const WS_OPEN = 1;
const WS_CLOSED = 3;

/** The `ws` WebSocket under a connection on the WebSocket transport. */
export function webSocketOf(conn: EngineConnection): WsSocket | undefined {
  const transport = (conn as unknown as EngineInternals).transport;
  return transport.name === 'websocket' ? transport.socket : undefined;
}

/** Bytes queued for the client in user space: engine.io's buffer plus the WebSocket's. */
export function engineBacklogBytes(conn: EngineConnection): number {
  let bytes = 0;
  for (const packet of (conn as unknown as EngineInternals).writeBuffer ?? [])
    bytes += byteLengthOf(packet.data);
  const buffered = webSocketOf(conn)?.bufferedAmount;
  return typeof buffered === 'number' ? bytes + buffered : bytes;
}

/** Whether a frame may go below engine.io now: an open, upgraded WebSocket with nothing queued in engine.io. */
export function isEngineIdle(conn: EngineConnection): boolean {
  const internals = conn as unknown as EngineInternals;
  return (
    conn.readyState === 'open' &&
    internals.upgrading === false &&
    internals.writeBuffer?.length === 0 &&
    webSocketOf(conn)?.readyState === WS_OPEN
  );
}

/** Cuts a connection's WebSocket (after a close that the peer never completed). */
export function terminateWebSocket(conn: EngineConnection): void {
  const ws = webSocketOf(conn);
  if (ws !== undefined && ws.readyState !== WS_CLOSED) ws.terminate();
}

/** Whether a connection is on a WebSocket that is not closed yet (ws may still await the peer's closing handshake). */
export function hasUnclosedWebSocket(conn: EngineConnection): boolean {
  const ws = webSocketOf(conn);
  return ws !== undefined && ws.readyState !== WS_CLOSED;
}

/** engine.io's polling transport: how long, when closing, it waits for the client's next poll. */
interface PollingInternals extends EngineTransport {
  closeTimeout?: unknown;
}

/**
 * Bounds how long engine.io holds a polling connection it is closing while the client is not
 * polling: it waits for the client's next poll to carry the close packet, up to its polling
 * transport's private `closeTimeout` (30 s), and the connection, its memory and its address's
 * slot stay until then. Returns why it could not (another shape); other transports need nothing.
 */
export function boundPollingClose(conn: EngineConnection, ms: number): string | undefined {
  const transport = (conn as unknown as EngineInternals).transport as PollingInternals;
  if (transport.name !== 'polling') return undefined;
  if (typeof transport.closeTimeout !== 'number') {
    return "engine.io's polling transport has no numeric closeTimeout";
  }
  transport.closeTimeout = ms;
  return undefined;
}

/** engine.io's polling transport: its cap on a POST's body, and the method that reads a POST. */
interface PollingPostInternals extends EngineTransport {
  maxHttpBufferSize?: unknown;
  onDataRequest?: unknown;
  headers?: unknown;
}

/**
 * Sets how large a POST engine.io's polling transport accepts (`maxHttpBufferSize`, which it
 * otherwise shares with the WebSocket frame cap), and answers a POST that declares more in its
 * Content-Length with `oversized(bytes)` instead of engine.io's bare 413: the body is read and
 * dropped, the request answered "ok" like any other, so the client keeps its pending poll open
 * and reads the refusal `oversized` queues on it (a 413 makes it drop the transport at once, and
 * the refusal with it). A POST without a Content-Length still meets engine.io's own 413 at the
 * cap. Returns why it could not (another shape); other transports need nothing.
 */
export function guardPollingPosts(
  conn: EngineConnection,
  maxPostBytes: number,
  oversized: (bytes: number) => void,
): string | undefined {
  const transport = (conn as unknown as EngineInternals).transport as PollingPostInternals;
  if (transport.name !== 'polling') return undefined;
  const readPost = transport.onDataRequest;
  if (typeof transport.maxHttpBufferSize !== 'number' || typeof readPost !== 'function') {
    return "engine.io's polling transport has no numeric maxHttpBufferSize or no onDataRequest";
  }
  const headersFor = transport.headers;
  transport.maxHttpBufferSize = maxPostBytes;
  transport.onDataRequest = function onDataRequest(
    this: unknown,
    req: IncomingMessage,
    res: ServerResponse,
  ): void {
    const declared = Number(req.headers['content-length']);
    if (!(declared > maxPostBytes)) {
      readPost.call(this, req, res);
      return;
    }
    oversized(declared);
    req.resume();
    req.once('end', () => {
      const plain = { 'Content-Type': 'text/html', 'Content-Length': '2' };
      const headers: unknown = typeof headersFor === 'function' ? headersFor.call(this, req, plain) : plain;
      res.writeHead(200, headers as Record<string, string>);
      res.end('ok');
    });
  };
  return undefined;
}

/**
 * Puts `filter` in front of engine.io's "message" listener on a WebSocket: it gets each message
 * `ws` parsed first, and returns true for those it took.
 */
export function filterWsMessages(ws: WsSocket, filter: (data: Buffer, isBinary: boolean) => boolean): void {
  const engineListeners = ws.listeners('message');
  ws.removeAllListeners('message');
  ws.on('message', (data, isBinary) => {
    if (filter(data, isBinary)) return;
    for (const listener of engineListeners) listener.call(ws, data, isBinary);
  });
}

/** Byte length of a frame or packet payload (binary or text). */
export function byteLengthOf(data: unknown): number {
  if (data instanceof Uint8Array) return data.byteLength;
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (typeof data === 'string') return Buffer.byteLength(data);
  return 0;
}

// ---- ws and Node, per connection ----

/** ws's frame parser (a Writable): it is between two frames when all four are idle. */
export interface WsReceiver {
  readonly _state: number;
  readonly _bufferedBytes: number;
  readonly _fragmented: number;
  readonly _maxPayload: number;
  readonly writableLength: number;
  write(chunk: Buffer): boolean;
}

/** Node's TCP handle. `reading` is what net.js checks before it (re)starts reading. */
interface TcpHandle {
  readonly fd?: number;
  reading?: boolean;
  readStop(): number;
  readStart(): number;
}

interface TcpSocket {
  readonly encrypted?: boolean;
  readonly writableLength: number;
  readonly readableLength: number;
  readonly readableFlowing?: boolean | null;
  readonly _handle?: TcpHandle | null;
}

interface WsInternals {
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly _receiver?: unknown;
  readonly _sender?: { sendFrame?: unknown };
  readonly _socket?: TcpSocket;
}

/** `ws`'s parser state between frames (GET_INFO in ws/lib/receiver.js). */
const RECEIVER_BETWEEN_FRAMES = 0;

/**
 * The private parts of one WebSocket connection the fast path uses: ws's parser and writer, and
 * the TCP socket's descriptor and handle. Built by `fastPartsOf`, which checks their shape.
 */
export class FastParts {
  /** The socket's descriptor; undefined on TLS (direct reads and writes need the plain socket). */
  readonly fd: number | undefined;
  private readonly parse: (chunk: Buffer) => boolean;
  private isPollingStopped = false;

  constructor(
    private readonly ws: WsInternals,
    private readonly receiver: WsReceiver,
    private readonly sender: { sendFrame(list: Uint8Array[], callback?: () => void): void },
    private readonly tcp: TcpSocket,
  ) {
    this.parse = receiver.write;
    const fd = tcp.encrypted === true ? undefined : tcp._handle?.fd;
    this.fd = typeof fd === 'number' && fd >= 0 && isTcpHandle(tcp._handle) ? fd : undefined;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WS_OPEN;
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  /** The largest payload ws accepts (its `maxPayload`); 0 = no limit. */
  get maxPayload(): number {
    return this.receiver._maxPayload;
  }

  /** Whether ws's parser sits between two frames, holding no bytes. */
  isParserIdle(): boolean {
    const receiver = this.receiver;
    return (
      receiver._state === RECEIVER_BETWEEN_FRAMES &&
      receiver._bufferedBytes === 0 &&
      receiver._fragmented === 0 &&
      receiver.writableLength === 0
    );
  }

  /** Hands bytes to ws's parser, as Node's "data" event would. */
  feedParser(chunk: Buffer): void {
    this.parse.call(this.receiver, chunk);
  }

  /** Replaces ws's parser entry point: every chunk Node reads goes to `write` first. */
  interceptParser(write: (chunk: Buffer) => void): void {
    this.receiver.write = (chunk: Buffer): boolean => {
      write(chunk);
      return true;
    };
  }

  /** Writes frames through ws (its queue keeps the order behind whatever it holds). */
  sendFrame(frame: Uint8Array): void {
    this.sender.sendFrame([frame]);
  }

  /** Whether the socket's handle is still there (it goes when the socket is destroyed). */
  get hasHandle(): boolean {
    return this.tcp._handle != null;
  }

  /** Node holds none of this socket's unread bytes and is not paused on it: a direct read keeps the order. */
  get mayReadDirectly(): boolean {
    return (
      this.fd !== undefined &&
      this.tcp._handle != null &&
      this.tcp.readableLength === 0 &&
      this.tcp.readableFlowing !== false
    );
  }

  /** Node and libuv hold nothing queued for writing: a direct write keeps the order. */
  get mayWriteDirectly(): boolean {
    return (
      this.fd !== undefined &&
      this.tcp._handle != null &&
      this.tcp.writableLength === 0 &&
      this.ws.bufferedAmount === 0
    );
  }

  /**
   * Stops libuv from polling the socket: from now on only `readDirect` reads it (before each tick
   * of its room). `reading` stays true, so net.js never restarts reading on its own (it does only
   * when `reading` is false). Returns false, changing nothing, while Node is not reading it anyway
   * (paused with a full buffer: Node restarts it when the buffer drains; try again later).
   */
  stopPolling(): boolean {
    if (this.isPollingStopped) return true;
    const handle = this.tcp._handle;
    if (this.fd === undefined || handle == null || handle.reading !== true) return false;
    if (handle.readStop() !== 0) return false;
    this.isPollingStopped = true;
    return true;
  }

  /** Gives the socket back to libuv's polling (Node reads it as it arrives). */
  resumePolling(): void {
    if (!this.isPollingStopped) return;
    this.isPollingStopped = false;
    const handle = this.tcp._handle;
    if (handle != null && handle.reading === true) handle.readStart();
  }

  /**
   * One non-blocking `read(2)` into `scratch`: the byte count, 0 when the peer closed, or
   * undefined when nothing is there (EAGAIN). Other errors throw (the caller hands the socket
   * back to Node, whose own read reports them).
   */
  readDirect(scratch: Buffer): number | undefined {
    // Nothing to read throws EAGAIN: without a stack trace the throw costs a third as much.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return readSync(this.fd!, scratch, 0, scratch.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return undefined;
      throw error;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }

  /**
   * One `write(2)` of the first `length` bytes of `frame`: how many the kernel took (0 when it
   * took none, or on an error the stream path will report).
   */
  writeDirect(frame: Uint8Array, length: number): number {
    try {
      return writeSync(this.fd!, frame, 0, length);
    } catch {
      return 0;
    }
  }
}

/**
 * The fast path's parts of a connection on the WebSocket transport, or why it has none (the
 * connection then takes the standard path): a `ws` WebSocket whose parser, writer and socket have
 * the shapes `FastParts` reads.
 */
export function fastPartsOf(conn: EngineConnection): FastParts | string {
  const ws = webSocketOf(conn);
  return ws === undefined ? 'not a WebSocket' : fastPartsOfWebSocket(ws);
}

/** fastPartsOf for a `ws` WebSocket itself. */
export function fastPartsOfWebSocket(socket: unknown): FastParts | string {
  const ws = socket as WsInternals;
  const receiver = ws._receiver;
  if (!isWsReceiver(receiver)) return "ws's parser has another shape";
  const sender = ws._sender;
  if (sender === undefined || typeof sender.sendFrame !== 'function')
    return "ws's frame writer has another shape";
  const tcp = ws._socket;
  if (tcp === undefined || typeof tcp.readableLength !== 'number' || typeof tcp.writableLength !== 'number') {
    return "ws's socket has another shape";
  }
  return new FastParts(ws, receiver, sender as { sendFrame(list: Uint8Array[]): void }, tcp);
}

/** Whether `value` has the shape of ws's parser that FastParts reads (also probed at start: stack-check.ts). */
export function isWsReceiver(value: unknown): value is WsReceiver {
  if (typeof value !== 'object' || value === null) return false;
  const receiver = value as Record<string, unknown>;
  return (
    typeof receiver._state === 'number' &&
    typeof receiver._bufferedBytes === 'number' &&
    typeof receiver._fragmented === 'number' &&
    typeof receiver._maxPayload === 'number' &&
    typeof receiver.writableLength === 'number' &&
    typeof receiver.write === 'function'
  );
}

function isTcpHandle(handle: unknown): handle is TcpHandle {
  if (typeof handle !== 'object' || handle === null) return false;
  const tcp = handle as Record<string, unknown>;
  return (
    typeof tcp.readStop === 'function' &&
    typeof tcp.readStart === 'function' &&
    typeof tcp.reading === 'boolean'
  );
}
