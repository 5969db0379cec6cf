import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, test } from 'vitest';
import { NodeProcess } from './cluster/support/node-process';
import { freePort } from './cluster/support/redis-process';
import { TestClient } from './support/test-client';

/**
 * Production runs the server compiled (`pnpm build` bundles @arena/server and @arena/protocol
 * into packages/server/dist; `pnpm start` runs it): no TypeScript loader, no .ts file at run time.
 * The module log (tests/support/module-log) writes down every module the process resolves.
 */
const SERVER_DIR = fileURLToPath(new URL('../packages/server/', import.meta.url));
const COMPILED = join(SERVER_DIR, 'dist/arena-server.mjs');
const MODULE_LOG_HOOK = fileURLToPath(new URL('./support/module-log/register.mjs', import.meta.url));

beforeAll(() => {
  // What `pnpm build` runs for the server: the test checks what the build emits now.
  execFileSync(process.execPath, [join(SERVER_DIR, 'scripts/build.mjs')], { stdio: 'pipe' });
});

function startCompiled(args: readonly string[]): { node: NodeProcess; loaded: () => string[] } {
  const logFile = join(mkdtempSync(join(tmpdir(), 'arena-compiled-')), 'modules.log');
  const node = NodeProcess.spawn(args, {
    bin: COMPILED,
    nodeArgs: ['--import', MODULE_LOG_HOOK],
    env: { ARENA_MODULE_LOG: logFile },
  });
  return { node, loaded: () => readFileSync(logFile, 'utf8').split('\n').filter(Boolean) };
}

test('the compiled server plays a room and drains on SIGTERM with no TypeScript loader and no .ts module at run time', async () => {
  const { node, loaded } = startCompiled([]);
  try {
    const url = await node.url();
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const player = await TestClient.connect(url);
    await player.join('any', 'compiled');
    await player.waitFor(() => player.worlds.length >= 3, 'snapshots from the compiled server');
    node.kill('SIGTERM');
    expect(await node.exited).toBe(0);
    player.close();
  } finally {
    node.kill();
  }
  const urls = loaded();
  expect(urls.some((url) => url.endsWith('/packages/server/dist/arena-server.mjs'))).toBe(true);
  expect(urls.filter((url) => /\.(ts|tsx|mts|cts)$/.test(url))).toEqual([]);
  expect(urls.filter((url) => /\/node_modules\/(\.pnpm\/)?tsx[@/]/.test(url))).toEqual([]);
  // a single process still loads no cluster code, compiled or not
  expect(urls.filter((url) => /cluster-node|ioredis|redis-adapter/.test(url))).toEqual([]);
});

test('the compiled server keeps the cluster in a chunk of its own, loaded with --redis-url (the checks above can fail)', async () => {
  const { node, loaded } = startCompiled(['--redis-url', `redis://127.0.0.1:${await freePort()}`]);
  // Nothing listens there: the node loads its cluster code, fails to connect and exits 2.
  expect(await node.exited).toBe(2);
  const urls = loaded();
  expect(urls.some((url) => /\/dist\/chunks\/cluster-node-[^/]+\.mjs$/.test(url))).toBe(true);
  expect(urls.some((url) => /ioredis/.test(url))).toBe(true);
});
