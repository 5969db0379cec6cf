import { ErrorCode, encodeServerMessage } from '@arena/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';
import { resolveOptions, type ServerOptions } from '../config/options';
import { BetweenTickSleep } from '../loop/between-tick-sleep';
import { type LoopClock, realClock } from '../loop/fixed-tick-loop';
import { ServerMetrics } from '../metrics/server-metrics';
import { recordingsAndReplays } from '../replay/recordings-and-replays';
import { registerReplayRoutes } from '../replay/replay-routes';
import { LocalRoomDirectory } from '../rooms/local-room-directory';
import type { RoomDirectory } from '../rooms/room-directory';
import { ConnectionGuard } from '../security/connection-guard';
import { type EngineConnection, remoteIpOf } from '../security/engine-types';
import { guardedSocketParser } from '../security/guarded-parser';
import { HandshakeGate } from '../security/handshake-gate';
import { registerHttpRateLimit } from '../security/http-rate-limit';
import { IpRateLimiter } from '../security/ip-rate-limiter';
import { parseAllowedOrigins } from '../security/origin-policy';
import { SecurityMetrics } from '../security/security-metrics';
import { parseTrustedAddresses } from '../security/trusted-addresses';
import { registerAdminRoutes } from './admin-routes';
import type { ClusterPlugin } from './cluster-plugin';
import { answerFrameworkError, registerHttpErrorHandling } from './http-errors';
import { registerHttpRoutes, roomInfoSchema } from './http-routes';
import { Lobby } from './lobby';
import { PendingReads } from './pending-reads';
import { PlayerSession } from './player-session';
import { socketIOPlugin } from './socket-io-plugin';
import { registerStaticClient } from './static-client';

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
  readonly lobbyWatchers: number;
}

export interface CreateServerExtras {
  /** Clock for room loops (tests inject fake timers). */
  readonly clock?: LoopClock;
}

/** Builds a ready-to-listen Arena server from options (validated here; bad ones throw BAD_OPTION). */
export async function createArenaServer(
  input: Partial<ServerOptions> = {},
  extras: CreateServerExtras = {},
): Promise<ArenaServer> {
  const options = resolveOptions(input);
  const app = Fastify({
    logger: { level: options.logLevel },
    bodyLimit: options.maxBodyBytes,
    frameworkErrors: answerFrameworkError,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  // With a Redis URL this process is one node of a cluster (docs/scaling.md); Redis unreachable
  // at start throws CLUSTER_UNAVAILABLE here. Without one, no cluster or Redis code is loaded.
  const cluster = options.redisUrl === '' ? undefined : await joinCluster(options, app.log);
  let isAccepting = true;
  const sessions = new Set<PlayerSession>();
  // Rooms' loops sleep between ticks unless told otherwise (BetweenTickSleep); tests bring their own clock.
  const clock: LoopClock =
    extras.clock ??
    (options.waitBetweenTicks === 'sleep'
      ? { ...realClock, betweenTicks: new BetweenTickSleep() }
      : realClock);
  // After each sleep, players' connections are read straight away (PendingReads).
  const betweenTicks = clock.betweenTicks;
  const pendingReads =
    betweenTicks === undefined
      ? undefined
      : new PendingReads((error) =>
          app.log.error({ err: error }, 'reading a connection after the sleep failed'),
        );
  if (betweenTicks !== undefined) betweenTicks.onWake = () => pendingReads?.readAll();
  // Metrics read rooms and clients only when scraped, so they can be built before the directory.
  const metrics = new ServerMetrics({
    rooms: () => localRooms.list(),
    clients: () => sessions.size,
    roomTicks: () => localRooms.tickReports(),
    ...(betweenTicks === undefined ? {} : { betweenTickSleeps: () => betweenTicks.totals }),
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
  const securityMetrics = new SecurityMetrics(metrics.registry);
  cluster?.registerMetrics(metrics.registry);
  const refused = (code: ErrorCode) => metrics.refused(code);
  const trustedAddresses = parseTrustedAddresses(options.trustedAddresses) ?? new Set<string>();
  const gate = new HandshakeGate({
    allowedOrigins: parseAllowedOrigins(options.allowedOrigins) ?? new Set(),
    maxConnectionsPerIp: options.maxConnectionsPerIp,
    trustedAddresses,
    isAccepting: () => isAccepting,
    logger: app.log,
    refused,
  });
  const guards = new Map<EngineConnection, ConnectionGuard>();
  const ipJoins = new IpRateLimiter(options.ipJoinRatePerMin, trustedAddresses);

  registerHttpErrorHandling(app);
  await registerHttpRateLimit(app, {
    httpRatePerMin: options.httpRatePerMin,
    roomCreateRatePerMin: options.roomCreateRatePerMin,
    trustedAddresses,
    refused,
  });
  await app.register(socketIOPlugin, {
    serveClient: false,
    // One binary WebSocket frame per packet; Arena messages travel as their own bytes.
    // (with the connection guards in front: see security/guarded-parser.ts)
    parser: guardedSocketParser,
    // The transport's hard cap (a frame header claiming more closes the connection before its
    // body is read); the guards refuse frames over maxPacketBytes with PAYLOAD_TOO_LARGE below it.
    // Twice the limit leaves room for polling's base64 encoding of binary frames.
    maxHttpBufferSize: options.maxPacketBytes * 2,
    perMessageDeflate: false,
    httpCompression: false,
    pingInterval: options.pingIntervalMs,
    pingTimeout: options.pingTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    // Draining, foreign origins and per-address caps are refused before a connection exists.
    allowRequest: gate.allowRequest,
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
  app.io.engine.on('connection', (engineConnection: unknown) => {
    const conn = engineConnection as EngineConnection;
    const ip = remoteIpOf(conn.request);
    gate.connectionOpened(conn, ip);
    guards.set(
      conn,
      new ConnectionGuard(conn, ip, {
        limits: options,
        logger: app.log,
        refused,
        snapshotSkipped: () => securityMetrics.snapshotSkipped(),
        disconnected: (code) => securityMetrics.disconnected(code),
      }),
    );
    conn.once('close', () => guards.delete(conn));
  });
  await registerHttpRoutes(app, { directory, isAccepting: () => isAccepting, startedAtMs: Date.now() });
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

  app.io.on('connection', (socket) => {
    const guard = guards.get(socket.conn as unknown as EngineConnection);
    if (guard === undefined) {
      socket.disconnect(true);
      return;
    }
    const session = new PlayerSession(
      socket,
      {
        directory,
        lobby,
        traffic: metrics,
        logger: app.log,
        maxBadMessages: options.maxBadMessages,
        isAccepting: () => isAccepting,
        joinRatePerMin: options.joinRatePerMin,
        ipJoins,
        ...(pendingReads === undefined ? {} : { pendingReads }),
      },
      guard,
    );
    sessions.add(session);
    socket.on('disconnect', () => sessions.delete(session));
  });

  let shutdownPromise: Promise<void> | undefined;
  const shutdown = (reason = 'the server is shutting down'): Promise<void> => {
    shutdownPromise ??= (async () => {
      isAccepting = false;
      app.log.info({ reason, rooms: directory.size, clients: sessions.size }, 'shutting down');
      lobby.notice(reason, 'warn');
      directory.closeAll(ErrorCode.SERVER_SHUTDOWN, reason);
      lobby.close();
      for (const session of [...sessions]) session.disconnectWith(ErrorCode.SERVER_SHUTDOWN, reason);
      // Connections that never joined "/" have no session; they are told too.
      for (const guard of guards.values()) {
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
      guards: guards.size,
      adapterRooms: app.io.of('/').adapter.rooms.size,
      connectionsCountedByIp: [...gate.openByIp.values()].reduce((sum, count) => sum + count, 0),
      lobbyWatchers: lobby.watcherCount,
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
