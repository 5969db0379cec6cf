// The arena-server binary: options from flags and environment, start, and stop on signals.
import { fileURLToPath } from 'node:url';
import { ArenaError } from '@arena/protocol';
import { createArenaServer } from './app/create-server';
import { readCliOptions, USAGE } from './config/cli';
import { installProcessGuards } from './security/process-guards';

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
  // Signals drain gracefully within a bound; errors outside rooms log and exit 1 (see process-guards.ts).
  installProcessGuards(server, log);

  const url = await server.listen();
  log.info(`Arena is up: open ${url.replace('127.0.0.1', 'localhost')} to play`);
}

await main();
