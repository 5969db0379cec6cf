import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '@arena/loadtest';
import { afterAll, beforeAll, expect, test } from 'vitest';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('..', import.meta.url));
/** Only stops a stuck child, under the test's own timeout. */
const CHILD_TIMEOUT_MS = 55_000;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'arena-bench-datagrams-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test('pnpm bench --transports datagram runs Arena as "arena/datagram" with every bot on a DataChannel', async () => {
  const outDir = join(work, 'results');
  await run(
    process.execPath,
    [
      '--import',
      'tsx',
      'packages/loadtest/src/bench-main.ts',
      '--transports',
      'datagram',
      '--no-matrix',
      '--repeat',
      '1',
      '--ref-n',
      '4',
      '--observers',
      '2',
      '--duration',
      '2',
      '--warmup',
      '1',
      '--out-dir',
      outDir,
    ],
    { cwd: REPO, timeout: CHILD_TIMEOUT_MS },
  );
  const [stamp] = await readdir(outDir);
  const lines = (await readFile(join(outDir, stamp!, 'runs.jsonl'), 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(1);
  const row = JSON.parse(lines[0]!);
  expect(row).toMatchObject({
    system: 'arena/datagram',
    n: 4,
    connected: 4,
    transport: 'datagram',
    // read from the server's arena_clients_by_path{path="datagram"} at the window's end
    datagram_clients: 4,
    errors: 0,
  });
  expect(row.config.transport).toBe('datagram');
  expect(row.datagram_channels_opened).toBeGreaterThanOrEqual(4);
  expect(row.datagrams_out_per_s).toBeGreaterThan(0);
  const table = await readFile(join(outDir, stamp!, 'table.md'), 'utf8');
  expect(table).toMatch(/\| arena\/datagram \| 4 \| 60 \|.*\| 4\/4 \|/);
}, 60_000);

test('the geckos peer: its server and bots play N=4 for 2 s and print a JSON line pnpm bench reads', async () => {
  // npm ci from the registry into a folder of this test (npm's cache makes a second run quick)
  const { stdout } = await run('bash', ['bench/peers/run.sh', 'geckos', '4', '60', '2'], {
    cwd: REPO,
    timeout: CHILD_TIMEOUT_MS,
    env: {
      ...process.env,
      PEERS_WORK: join(work, 'peers'),
      K: '2',
      WARMUP_S: '1',
      PORT: String(await freePort()),
      STATS_PORT: String(await freePort()),
    },
  });
  const row = JSON.parse(stdout.trim().split('\n').at(-1)!);
  expect(row).toMatchObject({ system: 'geckos', n: 4, tick_hz: 60, connected: 4, observers: 2, errors: 0 });
  expect(row.achieved_tick_hz).toBeGreaterThan(0);
  expect(row.cpu_us_per_client_tick).toBeGreaterThan(0);
  // every bot counted snapshots, and the observers saw their inputs acknowledged
  expect(row.down_bytes_per_client_s).toBeGreaterThan(0);
  expect(row.ack_samples).toBeGreaterThan(0);
  expect(row.x_channels).toBe(4);
}, 60_000);
