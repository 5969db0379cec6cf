import { expect, test } from 'vitest';
import type { HttpLoadResult } from './http-load';
import type { JoinStormResult } from './join-storm';
import { type MixedRun, mixedChecks, mixedTable } from './mixed-table';
import type { PageLoadResult } from './page-load';
import type { ProbeContext, ProbePhaseReport, ProbeRecord } from './run-probes';

const context = (roomTickHz: number | null = null): ProbeContext => ({
  seconds: 3,
  server_cpu_pct: 50,
  room_tick_hz: roomTickHz,
  bot_cpu_pct: roomTickHz === null ? null : 40,
  probe_cpu_pct: 30,
  load_1m: 1.5,
});

function http(rps: number, p99: number): HttpLoadResult {
  return {
    url: 'http://127.0.0.1:1/healthz',
    connections: 'new',
    concurrency: 50,
    duration_s: 3,
    ok: rps * 3,
    non_2xx: 0,
    errors: 0,
    error_samples: [],
    rps,
    ms_p50: p99 / 2,
    ms_p99: p99,
    ms_max: p99,
  };
}

function storm(allJoinedS: number | null): JoinStormResult {
  return {
    clients: 500,
    concurrency: 20,
    joined: allJoinedS === null ? 499 : 500,
    refused: allJoinedS === null ? 1 : 0,
    refusal_samples: [],
    all_joined_s: allJoinedS,
    all_answered_s: allJoinedS ?? 9,
    welcome_ms_p50: 10,
    welcome_ms_p99: 30,
  };
}

function page(p50: number, p99: number): PageLoadResult {
  return {
    loads: 20,
    failed_loads: 0,
    assets_per_page: 3,
    bytes_per_page: 1_500_000,
    ms_p50: p50,
    ms_p99: p99,
    error_samples: [],
  };
}

function phase(name: string, probes: ProbeRecord[]): ProbePhaseReport {
  return {
    phase: name,
    url: 'http://127.0.0.1:1',
    watched_room: null,
    tick_hz: 60,
    started_at: '',
    probes,
    storm_room_closed: true,
  };
}

function run(
  [rps0, p990]: [number, number],
  [rps1, p991]: [number, number],
  storms: [number | null, number | null],
  stormTickHz: number,
  pages: [number, number],
): MixedRun {
  return {
    tick_hz: 60,
    no_room: phase('no-room', [
      { key: 'healthz/new', probe: 'healthz', result: http(rps0, p990), context: context() },
      { key: 'storm', probe: 'storm', result: storm(storms[0]), context: context() },
      { key: 'page', probe: 'page', result: page(pages[0], pages[0]), context: context() },
    ]),
    with_room: phase('with-room', [
      { key: 'healthz/new', probe: 'healthz', result: http(rps1, p991), context: context(60) },
      { key: 'storm', probe: 'storm', result: storm(storms[1]), context: context(stormTickHz) },
      { key: 'page', probe: 'page', result: page(pages[1], pages[1]), context: context(60) },
    ]),
  };
}

const check = (runs: MixedRun[], probe: string, figure: string) =>
  mixedChecks(runs).find((c) => c.probe === probe && c.figure === figure);

test('ratios are the median of each run against its own baseline, checked against the targets', () => {
  const runs = [
    run([1000, 10], [900, 12], [2, 3], 60, [100, 120]),
    run([800, 10], [100, 50], [2, 5], 59, [100, 200]),
    run([900, 10], [600, 15], [2, 3.5], 60, [100, 140]),
  ];
  // per-run ratios 0.9, 0.125, 0.667: median 0.667; medians of the values 900 and 600
  expect(check(runs, 'healthz/new', 'requests/s')).toMatchObject({
    no_room: 900,
    with_room: 600,
    ratio: 0.67,
    target: '>= 0.5x',
    met: true,
  });
  expect(check(runs, 'healthz/new', 'p99 ms')).toMatchObject({ ratio: 1.5, met: true });
  expect(check(runs, 'healthz/new', 'p50 ms')?.met).toBeNull();
  expect(check(runs, 'storm', 'all joined, s')).toMatchObject({ ratio: 1.75, met: true });
  expect(check(runs, 'page', 'page load p50 ms')).toMatchObject({ ratio: 1.4, met: true });
  expect(check(runs, 'storm', 'reference room ticks/s during the storm (worst run)')).toMatchObject({
    with_room: 59,
    met: true,
  });
  // figures no run measured are left out
  expect(mixedChecks(runs).some((c) => c.probe === 'api-rooms/new')).toBe(false);
});

test('misses: slow p99, a storm that did not all join, a room that lost ticks during the storm', () => {
  const runs = [run([1000, 10], [400, 25], [2, null], 50, [100, 200])];
  expect(check(runs, 'healthz/new', 'requests/s')?.met).toBe(false);
  expect(check(runs, 'healthz/new', 'p99 ms')?.met).toBe(false);
  expect(check(runs, 'storm', 'all joined, s')).toMatchObject({ with_room: null, met: false });
  expect(check(runs, 'page', 'page load p99 ms')?.met).toBe(false);
  expect(check(runs, 'storm', 'reference room ticks/s during the storm (worst run)')?.met).toBe(false);

  const table = mixedTable(runs, ['## Mixed load', '']);
  expect(table).toMatch(/^## Mixed load/);
  expect(table).toMatch(/\| healthz\/new \| requests\/s \| 1000 \| 400 \| 0\.4 \| >= 0\.5x \| \*\*NO\*\* \|/);
  expect(table).toMatch(/\| healthz\/new \| 50 \/ 50 \| 60 \| 40 \| 30 \/ 30 \| 1\.5 \/ 1\.5 \|/);
  expect(mixedTable([])).toBe('');
});
