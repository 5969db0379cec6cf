import { once } from 'node:events';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { type ArenaServer, createArenaServer } from '@arena/server';
import { waitFor } from '@arena/testing';
import { afterEach, expect, test } from 'vitest';
import WebSocket from 'ws';
import { ensureBenchRoom, listRooms } from '../run/room-setup';
import { rawSocketIoJoin } from './raw-socket-io-join';

const servers: ArenaServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.shutdown();
});

async function startServer(options: Parameters<typeof createArenaServer>[0] = {}): Promise<string> {
  const server = await createArenaServer({ host: '127.0.0.1', port: 0, logLevel: 'silent', ...options });
  servers.push(server);
  return server.listen();
}

test('joins a room over a real Socket.IO connection, is welcomed, then leaves and frees its seat', async () => {
  const url = await startServer({ trustedAddresses: '127.0.0.1,::1' });
  await ensureBenchRoom(url, 'raw', 30, 2, true);
  const server = servers[0]!;
  await rawSocketIoJoin({ url, roomId: 'raw', name: 'first', timeoutMs: 5000 });
  await rawSocketIoJoin({ url, roomId: 'raw', name: 'second', timeoutMs: 5000 });
  // A third join in a room of two seats: each join left, and gave its seat back, before the next.
  await rawSocketIoJoin({ url, roomId: 'raw', name: 'third', timeoutMs: 5000 });
  await waitFor(
    async () => (await listRooms(url)).find((room) => room.id === 'raw')?.players === 0,
    'seats freed',
  );
  await waitFor(() => server.resources().engineClients === 0, 'every Socket.IO connection closed');
});

test("an Arena error instead of a welcome rejects with the server's code", async () => {
  const url = await startServer({ trustedAddresses: '127.0.0.1,::1' });
  await expect(
    rawSocketIoJoin({ url, roomId: 'no-such-room', name: 'lost', timeoutMs: 5000 }),
  ).rejects.toThrow(/^ARENA_ERR_\w+: /);
});

test('a handshake refused over HTTP rejects with the ARENA_ERR reason of its body', async () => {
  const url = await startServer({ maxConnectionsPerIp: 1 });
  const holder = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  try {
    await once(holder, 'open');
    await expect(rawSocketIoJoin({ url, roomId: 'any', name: 'second', timeoutMs: 5000 })).rejects.toThrow(
      /^connect_error: ARENA_ERR_RATE_LIMITED: too many connections from your address \(at most 1\)/,
    );
  } finally {
    holder.terminate();
  }
});

test('no welcome within the limit rejects, and the connection is cut', async () => {
  // A TCP server that reads the upgrade request and never answers it.
  const silent: TcpServer = createTcpServer((socket) => socket.resume());
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  const address = silent.address();
  if (address === null || typeof address !== 'object') throw new Error('no address');
  try {
    await expect(
      rawSocketIoJoin({ url: `http://127.0.0.1:${address.port}`, roomId: 'r', name: 'n', timeoutMs: 200 }),
    ).rejects.toThrow('no welcome within 200 ms');
    await waitFor(
      () => new Promise<boolean>((resolve) => silent.getConnections((_error, count) => resolve(count === 0))),
      'the connection cut',
    );
  } finally {
    silent.close();
  }
});
