import { ErrorCode, encodeServerMessage } from '@arena/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';
import { resolveOptions, type ServerOptions } from '../config/options';
import { type LoopClock, realClock } from '../loop/fixed-tick-loop';
import { ServerMetrics } from '../metrics/server-metrics';
import { recordingsAndReplays } from '../replay/recordings-and-replays';
import { registerReplayRoutes } from '../replay/replay-routes';
import { LocalRoomDirectory } from '../rooms/local-room-directory';
import type { RoomDirectory } from '../rooms/room-directory';
import { carriesAdminToken } from '../security/admin-token';
import { ClientAddresses } from '../security/client-address';
import { GhostSeats } from '../security/ghost-seats';
import { HandshakeGate } from '../security/handshake-gate';
import { registerHttpRateLimit } from '../security/http-rate-limit';
import { IpRateLimiter } from '../security/ip-rate-limiter';
import { OpenConnectionLimits, tcpCapPerIp } from '../security/open-connection-limits';
import { parseAllowedOrigins } from '../security/origin-policy';
import { SecurityMetrics } from '../security/security-metrics';
import { normaliseAddress, parseTrustedAddresses } from '../security/trusted-addresses';
import { DatagramHost } from '../transport/datagram/datagram-host';
import { registerDatagramMetrics } from '../transport/datagram/datagram-metrics';
import { DatagramStats } from '../transport/datagram/datagram-stats';
import { attachSocketIoTransport } from '../transport/socket-io-transport';
import { gateConnections, type StackPackage } from '../transport/stack-check';
import { TransportStats } from '../transport/transport-stats';
import { registerAdminRoutes } from './admin-routes';
import type { ClusterPlugin } from './cluster-plugin';
import { answerFrameworkError, registerHttpErrorHandling } from './http-errors';
import { registerHttpRoutes, roomInfoSchema } from './http-routes';
import { Lobby } from './lobby';
import { PlayerSession } from './player-session';
import { RequestIds } from './request-ids';
import { RequestLog } from './request-log';
import { registerStaticClient } from './static-client';
import { readTlsFiles } from './tls-files';

export interface ArenaServer {
  readonly app: FastifyInstance;
  /** The Socket.IO server (for embedding: extra namespaces are refused, but events can be observed). */
  readonly io: Server;
  readonly directory: RoomDirectory;
  readonly options: Readonly<ServerOptions>;
  /** Starts listening; resolves with the base URL, e.g. http://127.0.0.1:3000. */
  listen(): Promise<string>;
  /**
   * Graceful stop: refuse new joins and rooms (readyz 503), tell every client SERVER_SHUTDOWN,
   * close rooms, disconnect sockets, close HTTP. Idempotent.
   */
  shutdown(reason?: string): Promise<void>;
  /** What this server holds right now (leak checks, diagnostics). */
  resources(): ServerResources;
}

/** Live object counts: after every client has gone, all but `rooms` are back to zero. */
export interface ServerResources {
  readonly rooms: number;
  /** Player sessions (connected Socket.IO sockets on "/"). */
  readonly sessions: number;
  /** engine.io connections, with or without a Socket.IO socket. */
  readonly engineClients: number;
  /** Connection guards (one per engine.io connection until it closes). */
  readonly guards: number;
  /** Socket.IO adapter rooms on "/" (one per socket while connected). */
  readonly adapterRooms: number;
  /** Connections counted against their address's cap. */
  readonly connectionsCountedByIp: number;
  /** TCP connections open, counted from their accept until they close. */
  readonly tcpConnections: number;
  /** Seats held for a rejoin after a dropped connection (counted against their addresses). */
  readonly ghostSeats: number;
  readonly lobbyWatchers: number;
  /** Datagram links (a seated client's channel, negotiating or open). */
  readonly datagramLinks: number;
}

export interface CreateServerExtras {
  /** Clock for room loops (tests inject fake timers). */
  readonly clock?: LoopClock;
  /** Installed versions the transport checks instead of the real ones (tests of the standard-path fallback). */
  readonly stackVersions?: Partial<Record<StackPackage, string>>;
  /** engine.io's `wsEngine`: a stand-in WebSocket server (tests of the standard-path fallback). */
  readonly wsEngine?: unknown;
  /** Where log lines go instead of stdout (tests read them). */
  readonly logStream?: { write(line: string): void };
  /**
   * The datagram path's test hooks: a shorter open timeout, and offers accepted but never
   * answered, so a channel never opens (tests of the fallback to the WebSocket).
   */
  readonly datagrams?: { readonly openTimeoutMs?: number; readonly ignoresOffers?: boolean };
}

/** Builds a ready-to-listen Arena server from options (validated here; bad ones throw BAD_OPTION). */
export async function createArenaServer(
  input: Partial<ServerOptions> = {},
  extras: CreateServerExtras = {},
): Promise<ArenaServer> {
  const options = resolveOptions(input);
  // Behind trusted proxies, the client is named by X-Forwarded-For: for Fastify (request.ip, its
  // logs, the API's rate limits) and for Socket.IO's handshakes alike.
  const clientAddresses = new ClientAddresses(options.trustProxy);
  const tls = readTlsFiles(options);
  const requestIds = new RequestIds(clientAddresses);
  const app = Fastify({
    ...(tls === undefined ? {} : { https: tls }),
    logger: {
      level: options.logLevel,
      ...(extras.logStream === undefined ? {} : { stream: extras.logStream }),
    },
    genReqId: requestIds.of,
    logController: new RequestLog(),
    trustProxy: clientAddresses.fastifyTrustProxy,
    ...connectionTimeouts(options.idleTimeoutMs),
    bodyLimit: options.maxBodyBytes,
    frameworkErrors: answerFrameworkError,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  // With a Redis URL this process is one node of a cluster (docs/scaling.md); Redis unreachable
  // at start throws CLUSTER_UNAVAILABLE here. Without one, no cluster or Redis code is loaded.
  const cluster = options.redisUrl === '' ? undefined : await joinCluster(options, app.log);
  let isAccepting = true;
  const sessions = new Set<PlayerSession>();
  const clock: LoopClock = extras.clock ?? realClock;
  const transportStats = new TransportStats((reason) =>
    app.log.warn({ reason }, 'a connection takes the standard Socket.IO path: the fast path cannot be used'),
  );
  // Metrics read rooms and clients only when scraped, so they can be built before the directory.
  const metrics = new ServerMetrics({
    rooms: () => localRooms.list(),
    clients: () => sessions.size,
    roomTicks: () => localRooms.tickReports(),
    transport: transportStats,
  });
  const localRooms = new LocalRoomDirectory({
    defaults: options,
    logger: app.log,
    clock,
    onChange: () => {
      lobby.roomsChanged();
      cluster?.localRoomsChanged();
    },
    observer: metrics,
    ...recordingsAndReplays({ options, logger: app.log, clock }),
  });
  // Clustered: lists and locates every node's rooms; this process still runs only its own.
  const directory: RoomDirectory =
    cluster?.createDirectory(localRooms, () => lobby.roomsChanged()) ?? localRooms;
  const lobby = new Lobby(directory, cluster && { chat: (name, text) => cluster.relayLobbyChat(name, text) });
  const announceHere = (text: string, level: 'info' | 'warn') => {
    const bytes = encodeServerMessage({ type: 'notice', text, level });
    for (const session of sessions) session.send(bytes);
  };
  // Rooms offer datagrams by option or per room; node-datachannel loads on a client's first offer.
  const datagramStats = new DatagramStats();
  registerDatagramMetrics(metrics.registry, datagramStats, () => sessions.size);
  const datagrams = new DatagramHost({
    logger: app.log,
    stats: datagramStats,
    ...(extras.datagrams?.openTimeoutMs === undefined
      ? {}
      : { limits: { openTimeoutMs: extras.datagrams.openTimeoutMs } }),
    ...(extras.datagrams?.ignoresOffers === undefined
      ? {}
      : { ignoresOffers: extras.datagrams.ignoresOffers }),
  });
  const securityMetrics = new SecurityMetrics(metrics.registry, () => openConnections.openTotal);
  cluster?.registerMetrics(metrics.registry);
  const refused = (code: ErrorCode) => metrics.refused(code);
  const trustedAddresses = parseTrustedAddresses(options.trustedAddresses) ?? new Set<string>();
  const gate = new HandshakeGate({
    allowedOrigins: parseAllowedOrigins(options.allowedOrigins) ?? new Set(),
    maxConnectionsPerIp: options.maxConnectionsPerIp,
    trustedAddresses,
    clientAddresses,
    isAccepting: () => isAccepting,
    logger: app.log,
    refused,
  });
  // Seats held for a rejoin count against the address that dropped them, within the same cap.
  const ghostSeats = new GhostSeats({
    maxPerIp: options.maxConnectionsPerIp,
    trustedAddresses,
    openConnections: (ip) => gate.openByIp.get(ip) ?? 0,
  });
  const ipJoins = new IpRateLimiter(options.ipJoinRatePerMin, trustedAddresses);
  // Every TCP connection is counted from its accept, before Node's HTTP parser reads a byte of it.
  const openConnections = new OpenConnectionLimits({
    maxPerIp: tcpCapPerIp(options.maxConnectionsPerIp),
    maxTotal: options.maxOpenConnections,
    trustedAddresses,
    isProxy: (address) => clientAddresses.isProxy(address),
    logger: app.log,
    refused,
  });
  // Over TLS a refusal cannot be answered in plain HTTP before the handshake: it is closed unanswered.
  const gateProblem = gateConnections(app.server, openConnections.admit, tls === undefined);
  if (gateProblem !== undefined) {
    app.log.warn({}, `connections over the limits are closed without an answer: ${gateProblem}`);
  }

  registerHttpErrorHandling(app);
  await registerHttpRateLimit(app, {
    httpRatePerMin: options.httpRatePerMin,
    roomCreateRatePerMin: options.roomCreateRatePerMin,
    trustedAddresses,
    refused,
  });
  const transport = await attachSocketIoTransport(app, {
    limits: options,
    ioPath: options.ioPath,
    pingIntervalMs: options.pingIntervalMs,
    pingTimeoutMs: options.pingTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs,
    // Draining, foreign origins and per-address caps are refused before a connection exists.
    allowRequest: gate.allowRequest,
    connectionOpened: (conn, request) => {
      const ip = clientAddresses.of(request);
      gate.connectionOpened(conn, ip);
      return { ip, requestId: requestIds.of(request) };
    },
    logger: app.log,
    stats: transportStats,
    traffic: metrics,
    refused,
    snapshotSkipped: () => securityMetrics.snapshotSkipped(),
    disconnected: (code) => securityMetrics.disconnected(code),
    ...(extras.stackVersions === undefined ? {} : { stackVersions: extras.stackVersions }),
    ...(extras.wsEngine === undefined ? {} : { wsEngine: extras.wsEngine }),
    datagrams,
  });
  cluster?.attachIo(app.io, {
    lobbyChat: (name, text) => lobby.chat(name, text, { isRelayed: true }),
    announce: announceHere,
    closeRoom: (roomId, reason) => {
      const room = localRooms.get(roomId);
      if (room === undefined || room.isClosed) return false;
      room.close(ErrorCode.ROOM_CLOSED, reason);
      return true;
    },
  });
  await registerHttpRoutes(app, {
    directory,
    isAccepting: () => isAccepting,
    startedAtMs: Date.now(),
    creatorOf: (request) => {
      const address = normaliseAddress(request.ip);
      const isExempt =
        trustedAddresses.has(address) || carriesAdminToken(request.headers.authorization, options.adminToken);
      return { address, isExempt };
    },
    refused,
    emptyRoomsRetryAfterS: Math.max(
      1,
      Math.ceil(Math.min(options.roomUnjoinedMs, options.roomIdleTimeoutMs) / 1000),
    ),
  });
  if (localRooms.replays !== undefined) {
    await registerReplayRoutes(app, {
      replays: localRooms.replays,
      isAccepting: () => isAccepting,
      roomInfoSchema,
    });
  }
  const nodeState = {
    rooms: () => localRooms.list(),
    sessions: () => sessions.size,
    lobbyWatchers: () => lobby.watcherCount,
  };
  await registerAdminRoutes(app, {
    adminToken: options.adminToken,
    directory,
    cluster,
    state: nodeState,
    announceHere,
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.render()),
  );
  await registerStaticClient(app, options.clientDir);

  transport.onConnection((connection) => {
    const session = new PlayerSession(connection, {
      directory,
      lobby,
      logger: app.log,
      isAccepting: () => isAccepting,
      joinRatePerMin: options.joinRatePerMin,
      ipJoins,
      ghostSeats,
    });
    sessions.add(session);
    connection.onClose(() => sessions.delete(session));
  });

  let shutdownPromise: Promise<void> | undefined;
  const shutdown = (reason = 'the server is shutting down'): Promise<void> => {
    shutdownPromise ??= (async () => {
      isAccepting = false;
      // Behind a proxy, new connections are refused from now on (the listener closes; open ones
      // go on): the proxy sends them to another node (deploy/haproxy.cfg retries a refused
      // connection), where an answer from here (readyz 503, SERVER_SHUTDOWN) would reach a player.
      if (clientAddresses.hasProxies) app.server.close();
      app.log.info({ reason, rooms: directory.size, clients: sessions.size }, 'shutting down');
      lobby.notice(reason, 'warn');
      directory.closeAll(ErrorCode.SERVER_SHUTDOWN, reason);
      lobby.close();
      for (const session of [...sessions]) session.disconnectWith(ErrorCode.SERVER_SHUTDOWN, reason);
      datagrams.closeAll();
      // Connections that never joined "/" have no session; they are told too.
      for (const guard of transport.guards.values()) {
        guard.disconnectWith(ErrorCode.SERVER_SHUTDOWN, reason, { keepSeat: false });
      }
      // Other nodes stop listing this node's rooms now rather than after its heartbeat expires.
      await cluster?.leave();
      // Keep answering HTTP (readyz 503, joins refused with a reason, not a reset) for a while so
      // load balancers notice; then close everything, within shutdownTimeoutMs at most.
      if (options.shutdownDrainMs > 0) await delay(options.shutdownDrainMs);
      await closeWithin(app, options.shutdownTimeoutMs);
      await cluster?.close();
    })();
    return shutdownPromise;
  };

  return {
    app,
    io: app.io,
    directory,
    options,
    listen: async () => {
      const url = await app.listen({ port: options.port, host: options.host });
      await cluster?.start(options.publicUrl || url, nodeState);
      return url;
    },
    shutdown,
    resources: () => ({
      rooms: directory.size,
      sessions: sessions.size,
      engineClients: app.io.engine.clientsCount,
      guards: transport.guards.size,
      adapterRooms: app.io.of('/').adapter.rooms.size,
      connectionsCountedByIp: [...gate.openByIp.values()].reduce((sum, count) => sum + count, 0),
      tcpConnections: openConnections.openTotal,
      ghostSeats: ghostSeats.total,
      lobbyWatchers: lobby.watcherCount,
      datagramLinks: datagrams.linkCount,
    }),
  };
}

/**
 * Connects this process to the cluster at `options.redisUrl`. The only import of cluster code:
 * dynamic, so that a single process loads neither it nor Redis (tests/single-process-modules.test.ts).
 */
async function joinCluster(options: ServerOptions, logger: FastifyBaseLogger): Promise<ClusterPlugin> {
  const { ClusterNode } = await import('../cluster/cluster-node');
  return ClusterNode.connect({
    redisUrl: options.redisUrl,
    nodeId: options.nodeId,
    heartbeatMs: options.heartbeatMs,
    nodeTtlMs: options.nodeTtlMs,
    logger,
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Closes Fastify (and Socket.IO with it); past `timeoutMs`, every remaining connection is cut. */
async function closeWithin(app: FastifyInstance, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([app.close().then(() => 'closed' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    app.log.warn({ timeoutMs }, 'shutdown: connections still open after the timeout; cutting them');
    app.server.closeAllConnections();
  }
}

/**
 * Node's HTTP timeouts for a connection that is not (yet) a WebSocket: complete headers within
 * `idleMs` (a connection that never sends a byte, or sends its headers slowly, is answered 408 and
 * closed), a whole request within 10 s more, and an idle keep-alive connection closed after
 * `idleMs`. Node checks them every `connectionsCheckingInterval` (30 s by default: too coarse).
 */
function connectionTimeouts(idleMs: number) {
  return {
    http: { headersTimeout: idleMs, connectionsCheckingInterval: Math.min(1000, Math.ceil(idleMs / 4)) },
    requestTimeout: idleMs + 10_000,
    keepAliveTimeout: idleMs,
  };
}
