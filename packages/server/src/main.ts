// The arena-server binary: options from flags and environment, start, and stop on signals.
import { fileURLToPath } from 'node:url';
import { ArenaError } from '@arena/protocol';
import { createArenaServer } from './app/create-server';
import { readCliOptions, USAGE } from './config/cli';

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../../game-client/dist', import.meta.url));

async function main(): Promise<void> {
  let cli: ReturnType<typeof readCliOptions>;
  try {
    cli = readCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`arena-server: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (cli === 'help') {
    console.log(USAGE);
    return;
  }
  const server = await createArenaServer({ clientDir: DEFAULT_CLIENT_DIR, ...cli }).catch(
    (error: unknown) => {
      if (error instanceof ArenaError) {
        console.error(`arena-server: ${error.message}\n\n${USAGE}`);
        process.exit(2);
      }
      throw error;
    },
  );
  const log = server.app.log;

  const stop = (signal: string) => {
    log.info({ signal }, 'signal received');
    // A hard deadline: a shutdown that hangs must still end the process.
    setTimeout(() => {
      log.error({ timeoutMs: server.options.shutdownTimeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, server.options.shutdownTimeoutMs).unref();
    server.shutdown(`the server is shutting down (${signal})`).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // Outside rooms, an unexpected error leaves the process in an unknown state: log and exit
  // non-zero so a supervisor restarts it (rooms catch their own errors).
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (error) => {
    log.fatal({ err: error }, 'unhandled rejection');
    process.exit(1);
  });

  const url = await server.listen();
  log.info(`Arena is up: open ${url.replace('127.0.0.1', 'localhost')} to play`);
}

await main();
