import { ErrorCode } from '@arena/protocol';
import type { ArenaServer } from '@arena/server';
import { afterEach, expect, test } from 'vitest';
import { TestClient } from './support/test-client';
import { startTestServer } from './support/test-server';

// The admin API of a single process (no Redis): it acts on this process's rooms and players.
const ADMIN_TOKEN = 'single-process-admin-token';
const servers: ArenaServer[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.shutdown();
});

async function start(): Promise<string> {
  const { server, url } = await startTestServer({ adminToken: ADMIN_TOKEN });
  servers.push(server);
  return url;
}

async function connect(url: string): Promise<TestClient> {
  const client = await TestClient.connect(url);
  clients.push(client);
  return client;
}

function admin(url: string, method: string, path: string, body?: object): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

test('DELETE /api/rooms/:id closes a room of this process; its players are told ROOM_CLOSED', async () => {
  const url = await start();
  expect((await admin(url, 'POST', '/api/rooms', { id: 'doomed' })).status).toBe(201);
  const player = await connect(url);
  await player.join('doomed', 'ann');
  expect((await fetch(`${url}/api/rooms/doomed`, { method: 'DELETE' })).status).toBe(401);

  const closed = await admin(url, 'DELETE', '/api/rooms/doomed');
  expect(closed.status).toBe(200);
  expect(await closed.json()).toEqual({ closed: 'doomed', node: 'local' });
  await player.waitFor(
    () => player.ofType('error').some((error) => error.code === ErrorCode.ROOM_CLOSED),
    'ROOM_CLOSED',
  );
  const again = await admin(url, 'DELETE', '/api/rooms/doomed');
  expect(again.status).toBe(404);
  expect(((await again.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.ROOM_NOT_FOUND);
});

test('POST /api/announcements reaches every player and lobby watcher of this process', async () => {
  const url = await start();
  const player = await connect(url);
  await player.join('any', 'ann');
  const watcher = await connect(url);
  watcher.send({ type: 'lobby', watch: true, name: 'ben' });
  await watcher.waitForMessage('roomList');

  const response = await admin(url, 'POST', '/api/announcements', { text: 'restart at noon', level: 'warn' });
  expect(response.status).toBe(202);
  expect(await response.json()).toEqual({ announced: 'restart at noon', reach: 'this server' });
  for (const client of [player, watcher]) {
    await client.waitFor(
      () =>
        client
          .ofType('notice')
          .some((notice) => notice.text === 'restart at noon' && notice.level === 'warn'),
      'the announcement',
    );
  }
});
