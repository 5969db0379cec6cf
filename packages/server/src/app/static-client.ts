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
  await app.register(fastifyStatic, {
    root: clientDir,
    prefix: '/',
    index: ['index.html'],
    // the .br / .gz copies `pnpm build` writes beside each file, as the client accepts them
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', cacheControlOf(path));
    },
  });
}

/**
 * Vite names every file under assets/ by a hash of its content: a new build is a new name, so a
 * browser may keep one for a year without asking again. The page itself (index.html, which names
 * them) is asked for again on every load.
 */
export function cacheControlOf(path: string): string {
  return /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
