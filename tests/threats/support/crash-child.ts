// Child process for the "error outside rooms" test: a real server with the binary's process
// guards, then an exception (or a rejected promise) that no room owns.
import { createArenaServer, installProcessGuards } from '@arena/server';

const server = await createArenaServer({ host: '127.0.0.1', port: 0, logLevel: 'info', clientDir: '' });
installProcessGuards(server, server.app.log);
await server.listen();
setTimeout(() => {
  if (process.argv[2] === 'rejection') void Promise.reject(new Error('boom in a promise nobody awaits'));
  else throw new Error('boom outside any room');
}, 50);
