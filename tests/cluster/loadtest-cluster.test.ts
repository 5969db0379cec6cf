import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ArenaServer } from '@arena/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer } from '../support/test-server';
import { hasRedisServer, RedisProcess } from './support/redis-process';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO, 'packages/loadtest/src/main.ts');

describe.skipIf(!hasRedisServer() && process.env.CI !== 'true')('pnpm loadtest against a cluster', () => {
  let redis: RedisProcess;
  const nodes: { server: ArenaServer; url: string }[] = [];
  let outDir: string;

  beforeAll(async () => {
    redis = await RedisProcess.start();
    for (const nodeId of ['lt-1', 'lt-2'])
      nodes.push(await startTestServer({ redisUrl: redis.url, nodeId, trustedAddresses: '127.0.0.1,::1' }));
    outDir = await mkdtemp(join(tmpdir(), 'arena-loadtest-cluster-'));
  });

  afterAll(async () => {
    for (const { server } of nodes) await server.shutdown();
    await redis?.kill();
    await rm(outDir, { recursive: true, force: true });
  });

  test('several --url values: one room per node, bots spread over them, the report sums the cluster', async () => {
    const [a, b] = nodes.map((node) => node.url);
    const { stdout } = await run(
      process.execPath,
      [
        ...['--import', 'tsx', CLI, '--url', a!, '--url', b!, '--out-dir', outDir, '--quiet'],
        ...['--bots', '6', '--observers', '2', '--tick', '30', '--duration', '2', '--warmup', '0.5'],
        ...['--name', 'cluster'],
      ],
      { cwd: REPO, timeout: 25_000 },
    );
    expect(stdout).toMatch(/arena N=6 T=30 Hz/);
    expect(stdout).toMatch(/node http:\/\/127\.0\.0\.1:\d+ \(bench-2, 3 bots\)/);

    const report = JSON.parse(await readFile(join(outDir, 'cluster.json'), 'utf8'));
    expect(report).toMatchObject({ n: 6, connected: 6, errors: 0 });
    expect(report.nodes).toHaveLength(2);
    expect(report.nodes.map((node: { room: string; bots: number }) => [node.room, node.bots])).toEqual([
      ['bench-1', 3],
      ['bench-2', 3],
    ]);
    // Loose: a shared machine stalls processes (timing targets belong in bench/).
    for (const node of report.nodes) expect(node.achieved_tick_hz).toBeGreaterThan(0.6 * 30);
    expect(report.achieved_tick_hz).toBe(
      Math.min(...report.nodes.map((n: { achieved_tick_hz: number }) => n.achieved_tick_hz)),
    );

    // Both rooms are listed by either node, each on its own node.
    const rooms = (await (await fetch(`${a}/api/rooms`)).json()) as { rooms: { id: string; url: string }[] };
    expect(Object.fromEntries(rooms.rooms.map((room) => [room.id, room.url]))).toMatchObject({
      'bench-1': a,
      'bench-2': b,
    });
  });
});
