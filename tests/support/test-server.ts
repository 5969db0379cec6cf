import {
  type ArenaServer,
  type CreateServerExtras,
  createArenaServer,
  type ServerOptions,
} from '@arena/server';

/**
 * The io path the integration suite runs on: the server's default, or the one named by
 * ARENA_TEST_IO_PATH (the suite runs once more with "standard", Socket.IO's own event path, which
 * is what any connection falls back to; see vitest.config.ts).
 */
export const TEST_IO_PATH = process.env.ARENA_TEST_IO_PATH as ServerOptions['ioPath'] | undefined;

/** A real Arena server on 127.0.0.1 and a free port, silent unless a test asks for logs, without bots unless asked. */
export async function startTestServer(
  options: Partial<ServerOptions> = {},
  extras: CreateServerExtras = {},
): Promise<{ server: ArenaServer; url: string }> {
  const server = await createArenaServer(
    {
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
      // no server bots unless a test asks for them: their seats would change what others count
      minFighters: 0,
      ...(TEST_IO_PATH === undefined ? {} : { ioPath: TEST_IO_PATH }),
      ...options,
    },
    extras,
  );
  const url = await server.listen();
  return { server, url };
}
