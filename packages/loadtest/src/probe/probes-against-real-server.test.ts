import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ArenaServer, createArenaServer } from '@arena/server';
import { waitFor } from '@arena/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ensureBenchRoom, listRooms } from '../run/room-setup';
import { httpLoad } from './http-load';
import { joinStorm } from './join-storm';
import { discoverPage, type PageFile, pageLoads } from './page-load';
import { runProbes } from './run-probes';
import { wrkLoad } from './wrk-load';

const ADMIN_TOKEN = 'probe-test-admin-token';
let server: ArenaServer;
let url: string;
let clientDir: string;
let accepted = 0;
let upgrades = 0;

/** A built page in miniature: index.html, its script and stylesheet, and a chunk the script imports. */
async function writeClient(dir: string): Promise<void> {
  await mkdir(join(dir, 'assets'), { recursive: true });
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><link rel="icon" href="data:," />' +
      '<script type="module" crossorigin src="/assets/index-1.js"></script>' +
      '<link rel="stylesheet" crossorigin href="/assets/index-1.css"></head><body></body></html>',
  );
  await writeFile(join(dir, 'assets/index-1.js'), 'const g = () => import(`./game-1.js`); g();');
  await writeFile(join(dir, 'assets/game-1.js'), 'export const game = 1;');
  await writeFile(join(dir, 'assets/index-1.css'), 'body { margin: 0 }');
}

beforeAll(async () => {
  clientDir = await mkdtemp(join(tmpdir(), 'arena-probe-client-'));
  await writeClient(clientDir);
  server = await createArenaServer({
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    clientDir,
    trustedAddresses: '127.0.0.1,::1',
    adminToken: ADMIN_TOKEN,
  });
  url = await server.listen();
  server.app.server.on('connection', () => accepted++);
  server.app.server.on('upgrade', () => upgrades++);
});
afterAll(async () => {
  await server.shutdown();
  await rm(clientDir, { recursive: true, force: true });
});

test('HTTP load: a new connection per request, or one kept-alive connection per client', async () => {
  const before = accepted;
  const fresh = await httpLoad({ url: `${url}/healthz`, concurrency: 4, durationS: 0.3, connections: 'new' });
  expect(fresh).toMatchObject({ connections: 'new', concurrency: 4, non_2xx: 0, errors: 0 });
  expect(fresh.ok).toBeGreaterThan(0);
  expect(accepted - before).toBe(fresh.ok);
  expect(fresh.ms_p99!).toBeGreaterThanOrEqual(fresh.ms_p50!);

  const mid = accepted;
  const kept = await httpLoad({
    url: `${url}/api/rooms`,
    concurrency: 4,
    durationS: 0.3,
    connections: 'kept-alive',
  });
  expect(kept).toMatchObject({ non_2xx: 0, errors: 0 });
  expect(kept.ok).toBeGreaterThan(4);
  expect(accepted - mid).toBeLessThanOrEqual(4);
});

test('wrk drives the same loads: a new connection per request, or one kept-alive connection per client', async () => {
  const before = accepted;
  const fresh = await wrkLoad({ url: `${url}/healthz`, concurrency: 4, durationS: 1, connections: 'new' });
  expect(fresh).toMatchObject({ connections: 'new', concurrency: 4, non_2xx: 0, errors: 0 });
  expect(fresh.ok).toBeGreaterThan(0);
  // plus the connections of the requests still in flight when wrk stopped (at most two per client)
  expect(accepted - before).toBeGreaterThanOrEqual(fresh.ok);
  expect(accepted - before).toBeLessThanOrEqual(fresh.ok + 2 * 4);
  expect(fresh.ms_p99!).toBeGreaterThanOrEqual(fresh.ms_p50!);

  const mid = accepted;
  const kept = await wrkLoad({
    url: `${url}/api/rooms`,
    concurrency: 4,
    durationS: 1,
    connections: 'kept-alive',
  });
  expect(kept).toMatchObject({ non_2xx: 0, errors: 0 });
  // connections reused: a handful for the run (the accepts of the last run's final connections
  // may land here too), against hundreds of requests
  expect(accepted - mid).toBeLessThanOrEqual(3 * 4);
  expect(kept.ok).toBeGreaterThan(20 * (accepted - mid));
});

test('page loads fetch "/", what it links and what its script imports, each on a new connection', async () => {
  const before = accepted;
  const result = await pageLoads(url, 2);
  // the discovery load and two timed loads, four files each, each on a new connection
  expect(accepted - before).toBe(3 * 4);
  expect(result).toMatchObject({ loads: 2, failed_loads: 0, assets_per_page: 3, error_samples: [] });
  // every byte of every file: the timed loads read what the discovery load found
  const page = await discoverPage(url);
  const sizes = await Promise.all(
    ['/', ...flatten(page).slice(1)].map(
      async (path) => (await (await fetch(new URL(path, url))).arrayBuffer()).byteLength,
    ),
  );
  expect(result.bytes_per_page).toBe(sizes.reduce((sum, size) => sum + size, 0));
});

function flatten(file: PageFile): string[] {
  return [file.path, ...file.next.flatMap(flatten)];
}

test('a join storm welcomes every client into its room, and each leaves again', async () => {
  await ensureBenchRoom(url, 'storm-test', 30, 12, true);
  const result = await joinStorm({
    url,
    roomId: 'storm-test',
    clients: 12,
    concurrency: 4,
    timeoutMs: 10_000,
  });
  expect(result).toMatchObject({ clients: 12, joined: 12, refused: 0, refusal_samples: [] });
  expect(result.all_joined_s).not.toBeNull();
  expect(result.welcome_ms_p99!).toBeGreaterThanOrEqual(result.welcome_ms_p50!);
  const players = async () => (await listRooms(url)).find((room) => room.id === 'storm-test')?.players;
  await waitFor(async () => (await players()) === 0, 'the storm clients to leave');

  const refused = await joinStorm({
    url,
    roomId: 'no-such-room',
    clients: 2,
    concurrency: 2,
    timeoutMs: 10_000,
  });
  expect(refused).toMatchObject({ joined: 0, refused: 2, all_joined_s: null });
  expect(refused.refusal_samples[0]).toMatch(/ARENA_ERR/);
});

test('a phase of probes reports each probe with the server, room and process figures beside it', async () => {
  await ensureBenchRoom(url, 'watched', 30, 4, true);
  const report = await runProbes(
    {
      url,
      phase: 'with-room',
      watchRoom: 'watched',
      tickHz: 30,
      probes: ['healthz', 'api-rooms', 'page', 'storm'],
      httpConcurrency: 3,
      httpSeconds: 0.2,
      httpClient: 'undici',
      connections: ['new', 'kept-alive'],
      stormClients: 6,
      stormWarmupClients: 2,
      stormConcurrency: 3,
      stormRoom: 'storm-phase',
      stormTimeoutMs: 10_000,
      pageLoads: 1,
      watchPid: process.pid,
      adminToken: ADMIN_TOKEN,
    },
    () => {},
  );
  expect(report.probes.map((p) => p.key)).toEqual([
    'healthz/new',
    'healthz/kept-alive',
    'api-rooms/new',
    'api-rooms/kept-alive',
    'page',
    'storm',
  ]);
  expect(report).toMatchObject({ phase: 'with-room', watched_room: 'watched', storm_room_closed: true });
  for (const probe of report.probes) {
    // a probe shorter than a tick period may see no tick: the figure is there, whatever its value
    expect(probe.context.room_tick_hz, probe.key).toBeGreaterThanOrEqual(0);
    expect(probe.context.server_cpu_pct, probe.key).not.toBeNull();
    expect(probe.context.bot_cpu_pct, probe.key).not.toBeNull();
    expect(probe.context.probe_cpu_pct, probe.key).not.toBeNull();
  }
  expect((await listRooms(url)).some((room) => room.id === 'storm-phase')).toBe(false);
});

test('the storm is preceded by its unmeasured warm-up joins, and only the storm is reported', async () => {
  const before = upgrades;
  const report = await runProbes(
    {
      url,
      phase: 'no-room',
      tickHz: 30,
      probes: ['storm'],
      httpConcurrency: 1,
      httpSeconds: 0.1,
      httpClient: 'undici',
      connections: ['new'],
      stormClients: 5,
      stormWarmupClients: 3,
      stormConcurrency: 2,
      stormRoom: 'storm-warm',
      stormTimeoutMs: 10_000,
      pageLoads: 1,
      adminToken: ADMIN_TOKEN,
    },
    () => {},
  );
  expect(upgrades - before).toBe(8); // one WebSocket per join: 3 to warm up, 5 measured
  expect(report.probes).toHaveLength(1);
  expect(report.probes[0]!.result).toMatchObject({ clients: 5, joined: 5, refused: 0 });
});
