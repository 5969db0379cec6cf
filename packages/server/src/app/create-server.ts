import { arenaSocketParser, ErrorCode } from '@arena/protocol';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';
import { resolveOptions, type ServerOptions } from '../config/options';
import type { LoopClock } from '../loop/fixed-tick-loop';
import { ServerMetrics } from '../metrics/server-metrics';
import { LocalRoomDirectory } from '../rooms/local-room-directory';
import type { RoomDirectory } from '../rooms/room-directory';
import { registerHttpErrorHandling } from './http-errors';
import { registerHttpRoutes } from './http-routes';
import { Lobby } from './lobby';
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
    bodyLimit: 16 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  let isAccepting = true;
  const sessions = new Set<PlayerSession>();
  // Metrics read rooms and clients only when scraped, so they can be built before the directory.
  const metrics = new ServerMetrics({ rooms: () => directory.list(), clients: () => sessions.size });
  const directory = new LocalRoomDirectory({
    defaults: options,
    logger: app.log,
    ...(extras.clock === undefined ? {} : { clock: extras.clock }),
    onChange: () => lobby.roomsChanged(),
    observer: metrics,
  });
  const lobby = new Lobby(directory);

  registerHttpErrorHandling(app);
  await app.register(socketIOPlugin, {
    serveClient: false,
    // One binary WebSocket frame per packet; Arena messages travel as their own bytes.
    parser: arenaSocketParser,
    maxHttpBufferSize: options.maxPacketBytes,
    perMessageDeflate: false,
    httpCompression: false,
    // The server's own handshake refuses connections while draining.
    allowRequest: (_request, callback) => callback(null, isAccepting),
  });
  await registerHttpRoutes(app, { directory, isAccepting: () => isAccepting, startedAtMs: Date.now() });
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.render()),
  );
  await registerStaticClient(app, options.clientDir);

  app.io.on('connection', (socket) => {
    const session = new PlayerSession(socket, {
      directory,
      lobby,
      traffic: metrics,
      logger: app.log,
      maxBadMessages: options.maxBadMessages,
      isAccepting: () => isAccepting,
    });
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
      await app.close();
    })();
    return shutdownPromise;
  };

  return {
    app,
    io: app.io,
    directory,
    options,
    listen: () => app.listen({ port: options.port, host: options.host }),
    shutdown,
  };
}
