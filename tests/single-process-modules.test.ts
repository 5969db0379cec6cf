import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { NodeProcess } from './cluster/support/node-process';
import { freePort } from './cluster/support/redis-process';
import { TestClient } from './support/test-client';

/**
 * A single process (no --redis-url) must not load cluster or Redis code at all: the cluster
 * plugs in at the composition root through a dynamic import (docs/scaling.md). The binary runs
 * with a module hook that writes down every module URL it resolves.
 */
const MODULE_LOG_HOOK = fileURLToPath(new URL('./support/module-log/register.mjs', import.meta.url));
const ADMIN_TOKEN = 'modules-test-admin-token';
/** What only a clustered node may load: Arena's cluster modules, ioredis and the Redis adapter. */
const CLUSTER_CODE = [/\/packages\/server\/src\/cluster\//, /\/node_modules\/.*ioredis\//, /redis-adapter/];

const nodes: NodeProcess[] = [];
const clients: TestClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const node of nodes.splice(0)) node.kill();
});

function startWithModuleLog(args: readonly string[]): { node: NodeProcess; loaded: () => string[] } {
  const logFile = join(mkdtempSync(join(tmpdir(), 'arena-modules-')), 'modules.log');
  const node = NodeProcess.spawn(args, {
    nodeArgs: ['--import', MODULE_LOG_HOOK],
    env: { ARENA_MODULE_LOG: logFile },
  });
  nodes.push(node);
  return { node, loaded: () => readFileSync(logFile, 'utf8').split('\n').filter(Boolean) };
}

function clusterCodeIn(urls: readonly string[]): string[] {
  return urls.filter((url) => CLUSTER_CODE.some((pattern) => pattern.test(url)));
}

async function call(url: string, method: string, path: string, body?: object): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

test('a single process serves rooms, replays and the admin API without loading cluster or Redis code', async () => {
  const recordingsDir = mkdtempSync(join(tmpdir(), 'arena-modules-recordings-'));
  const { node, loaded } = startWithModuleLog([
    '--admin-token',
    ADMIN_TOKEN,
    '--recordings-dir',
    recordingsDir,
  ]);
  const url = await node.url();

  expect((await call(url, 'POST', '/api/rooms', { id: 'taped', record: true })).status).toBe(201);
  const player = await TestClient.connect(url);
  clients.push(player);
  await player.join('taped', 'ann');
  expect(await (await call(url, 'GET', '/api/cluster')).json()).toMatchObject({
    mode: 'single',
    redis: 'none',
  });
  const announced = await call(url, 'POST', '/api/announcements', { text: 'hello' });
  expect(await announced.json()).toEqual({ announced: 'hello', reach: 'this server' });
  await player.waitFor(() => player.ofType('notice').some((notice) => notice.text === 'hello'), 'the notice');
  const closed = await call(url, 'DELETE', '/api/rooms/taped');
  expect(await closed.json()).toEqual({ closed: 'taped', node: 'local' });
  expect((await call(url, 'GET', '/api/recordings')).status).toBe(200);
  expect((await call(url, 'GET', '/metrics')).status).toBe(200);
  node.kill('SIGTERM');
  expect(await node.exited).toBe(0);

  const urls = loaded();
  // The log saw the server's own modules, so an absence below means something.
  expect(urls.some((url) => url.endsWith('/packages/server/src/app/create-server.ts'))).toBe(true);
  expect(urls.some((url) => url.endsWith('/packages/server/src/app/admin-routes.ts'))).toBe(true);
  expect(clusterCodeIn(urls)).toEqual([]);
  // nor native datagram code: node-datachannel loads on a seated client's first channel offer
  expect(urls.filter((url) => /node-datachannel/.test(url))).toEqual([]);
});

test('with --redis-url the same log does show cluster and Redis code (the check above can fail)', async () => {
  const { node, loaded } = startWithModuleLog(['--redis-url', `redis://127.0.0.1:${await freePort()}`]);
  // Nothing listens there: the node loads its cluster code, fails to connect and exits 2.
  expect(await node.exited).toBe(2);
  const found = clusterCodeIn(loaded());
  expect(found.some((url) => url.endsWith('/packages/server/src/cluster/cluster-node.ts'))).toBe(true);
  expect(found.some((url) => /ioredis/.test(url))).toBe(true);
});
