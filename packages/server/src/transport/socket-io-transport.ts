import type { ErrorCode } from '@arena/protocol';
import type { FastifyInstance } from 'fastify';
import type { Server, Socket, ServerOptions as SocketIoOptions } from 'socket.io';
import type { TrafficObserver } from '../metrics/server-metrics';
import type { Logger } from '../rooms/room-types';
import type { WireContext } from './arena-wire';
import type { Connection } from './connection';
import { ConnectionGuard, type GuardLimits } from './connection-guard';
import type { DatagramHost } from './datagram/datagram-host';
import { GuardedParser } from './guarded-parser';
import type { IoPath } from './io-path';
import { SocketIoConnection } from './socket-io-connection';
import { socketIOPlugin } from './socket-io-plugin';
import { checkStack, type StackPackage } from './stack-check';
import { boundPollingClose, type EngineConnection, guardPollingPosts } from './stack-internals';
import type { TransportStats } from './transport-stats';

/**
 * How long a polling connection being closed waits for its client's next poll to carry the close
 * packet (engine.io waits 30 s). An honest client polls again as soon as its previous poll is
 * answered; one that has not come back by then is gone, or hoards its session: a handshake that
 * never connects to "/" would otherwise hold its address's slot for the connect timeout plus 30 s.
 */
const POLLING_CLOSE_WAIT_MS = 2000;

/**
 * A long-polling POST may be this many times the transport's frame cap (maxHttpBufferSize, which
 * the handshake announces to the client as maxPayload). engine.io-client packs several packets
 * into one POST up to maxPayload by its own count: 4/3 per binary byte, 2 per packet. Base64 and
 * the packet's "b" take more for short packets (a 2-byte message: 3 counted, 6 sent with its
 * separator; at worst 1.5 times the count for 1 byte), so an honest POST can reach 1.5 times
 * maxPayload and never twice. Each packet in it still meets the per-frame limit (maxPacketBytes).
 */
const POLLING_POST_FACTOR = 2;

export interface SocketIoTransportOptions {
  readonly limits: GuardLimits;
  readonly ioPath: IoPath;
  readonly pingIntervalMs: number;
  readonly pingTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** engine.io's `allowRequest`: refusals before a connection exists (handshake-gate.ts). */
  readonly allowRequest: NonNullable<SocketIoOptions['allowRequest']>;
  /** A connection was accepted: who it is, for the limits and the logs. */
  readonly connectionOpened: (
    conn: EngineConnection,
    request: EngineConnection['request'],
  ) => { readonly ip: string; readonly requestId: string };
  readonly logger: Logger;
  /** The transport's counters (for /metrics). */
  readonly stats: TransportStats;
  /** Counts Arena messages and bytes in and out. */
  readonly traffic?: TrafficObserver;
  readonly refused: (code: ErrorCode) => void;
  readonly snapshotSkipped: () => void;
  readonly disconnected: (code: ErrorCode) => void;
  /** Installed versions to check instead of the real ones (tests of the fallback). */
  readonly stackVersions?: Partial<Record<StackPackage, string>>;
  /** engine.io's `wsEngine`: another WebSocket server implementation (tests of the fallback). */
  readonly wsEngine?: unknown;
  /** The datagram path: seated clients of rooms that offer it may negotiate a DataChannel. */
  readonly datagrams?: DatagramHost;
}

/** Socket.IO on Fastify's server, with a guard per connection and Arena's short path for its messages. */
export interface SocketIoTransport {
  readonly io: Server;
  /** Calls `handler` with each client that connected to "/" (and `closed` when it goes). */
  onConnection(handler: (connection: Connection) => void): void;
  /** Open connections' guards, for shutdown (connections with no session yet) and resource checks. */
  readonly guards: ReadonlyMap<EngineConnection, ConnectionGuard>;
}

/**
 * Attaches Socket.IO to Fastify's HTTP server: Arena's guarded one-frame parser, the transport
 * limits, a ConnectionGuard per engine.io connection, and the io path, checked against the
 * installed stack first: when stack-internals.ts finds the stack is not what the fast path was
 * written for, every connection takes Socket.IO's standard path, and the log says why once.
 */
export async function attachSocketIoTransport(
  app: FastifyInstance,
  options: SocketIoTransportOptions,
): Promise<SocketIoTransport> {
  const { logger, stats } = options;
  let ioPath = options.ioPath;
  if (ioPath !== 'standard') {
    const stack = checkStack(options.stackVersions);
    if (stack.problem !== undefined) {
      ioPath = 'standard';
      stats.fellBack(stack.problem);
      logger.warn(
        { versions: stack.versions },
        `every connection takes the standard Socket.IO path: ${stack.problem}`,
      );
    }
  }
  const guarded = new GuardedParser();
  const transportCapBytes = options.limits.maxPacketBytes * 2;
  const maxPostBytes = transportCapBytes * POLLING_POST_FACTOR;
  await app.register(socketIOPlugin, {
    serveClient: false,
    // One binary WebSocket frame per packet; Arena messages travel as their own bytes.
    parser: guarded.parser,
    // The transport's hard cap (a frame header claiming more closes the connection before its
    // body is read); the guards refuse frames over maxPacketBytes with PAYLOAD_TOO_LARGE below it.
    // Twice the limit leaves room for polling's base64 encoding of binary frames.
    maxHttpBufferSize: transportCapBytes,
    perMessageDeflate: false,
    httpCompression: false,
    pingInterval: options.pingIntervalMs,
    pingTimeout: options.pingTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    allowRequest: options.allowRequest,
    ...(options.wsEngine === undefined ? {} : { wsEngine: options.wsEngine }),
  });
  const guards = new Map<EngineConnection, ConnectionGuard>();
  const engine = app.io.engine;
  let hasWarnedOfPollingClose = false;
  let hasWarnedOfPollingPosts = false;
  // Before Socket.IO's own listener, which builds the connection's decoder: it takes this guard.
  engine.prependListener('connection', (engineConnection: unknown) => {
    const conn = engineConnection as EngineConnection;
    const problem = boundPollingClose(conn, POLLING_CLOSE_WAIT_MS);
    if (problem !== undefined && !hasWarnedOfPollingClose) {
      hasWarnedOfPollingClose = true;
      logger.warn(
        {},
        `polling connections closed while their client is away are held up to 30 s: ${problem}`,
      );
    }
    const { ip, requestId } = options.connectionOpened(conn, conn.request);
    const guard = new ConnectionGuard(conn, ip, {
      requestId,
      limits: options.limits,
      logger,
      refused: options.refused,
      snapshotSkipped: options.snapshotSkipped,
      disconnected: options.disconnected,
    });
    const postProblem = guardPollingPosts(conn, maxPostBytes, (bytes) =>
      guard.refuseOversizedPost(bytes, maxPostBytes),
    );
    if (postProblem !== undefined && !hasWarnedOfPollingPosts) {
      hasWarnedOfPollingPosts = true;
      logger.warn(
        {},
        `polling POSTs over ${transportCapBytes} bytes get engine.io's bare 413, no PAYLOAD_TOO_LARGE: ${postProblem}`,
      );
    }
    guards.set(conn, guard);
    conn.once('close', () => guards.delete(conn));
    guarded.nextConnection(guard);
  });
  engine.on('connection', (engineConnection: unknown) => {
    if (!guarded.isUnclaimed) return;
    // Socket.IO built no decoder for this connection in its listener: its decoder (if any) has
    // no guard and refuses every frame, so the connection is closed rather than left unguarded.
    guarded.clear();
    logger.error(
      {},
      'Socket.IO did not build a decoder for a new connection; closing it (see stack-internals.ts)',
    );
    (engineConnection as EngineConnection).close();
  });
  const wire: WireContext = { ioPath, stats };
  return {
    io: app.io,
    onConnection(handler) {
      app.io.on('connection', (socket: Socket) => {
        const guard = guards.get(socket.conn as unknown as EngineConnection);
        if (guard === undefined) {
          socket.disconnect(true);
          return;
        }
        handler(new SocketIoConnection(socket, guard, wire, options.traffic, options.datagrams));
      });
    },
    guards,
  };
}
