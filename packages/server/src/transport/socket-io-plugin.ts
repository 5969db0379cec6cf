import type { FastifyPluginAsync } from 'fastify';
import fastifySocketIOModule from 'fastify-socket.io';
import type { Server, ServerOptions } from 'socket.io';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Socket.IO server fastify-socket.io attaches to Fastify's HTTP server. */
    io: Server;
  }
}

type PluginOptions = Partial<ServerOptions>;

/**
 * fastify-socket.io is CommonJS with an `exports.default`; depending on the loader (Node ESM,
 * tsx, Vitest) the default import is the plugin or the module object around it.
 */
export const socketIOPlugin: FastifyPluginAsync<PluginOptions> =
  typeof fastifySocketIOModule === 'function'
    ? fastifySocketIOModule
    : (fastifySocketIOModule as unknown as { default: FastifyPluginAsync<PluginOptions> }).default;
