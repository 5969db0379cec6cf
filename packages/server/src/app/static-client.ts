import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built browser game at "/". When the folder has no build, "/" explains how to make
 * one instead of failing silently (the server itself works without a client).
 */
export async function registerStaticClient(app: FastifyInstance, clientDir: string): Promise<void> {
  if (clientDir === '') return;
  if (!existsSync(join(clientDir, 'index.html'))) {
    app.log.warn({ clientDir }, 'no built game client found; run "pnpm build" to serve the game at /');
    app.get('/', async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain')
        .send(`The game client is not built (looked in ${clientDir}). Run "pnpm build", then restart.`),
    );
    return;
  }
  await app.register(fastifyStatic, { root: clientDir, prefix: '/', index: ['index.html'] });
}
