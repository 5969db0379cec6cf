import { type ArenaServer, createArenaServer, type ServerOptions } from '@arena/server';

/** A real Arena server on 127.0.0.1 and a free port, silent unless a test asks for logs. */
export async function startTestServer(
  options: Partial<ServerOptions> = {},
): Promise<{ server: ArenaServer; url: string }> {
  const server = await createArenaServer({ host: '127.0.0.1', port: 0, logLevel: 'silent', ...options });
  const url = await server.listen();
  return { server, url };
}
