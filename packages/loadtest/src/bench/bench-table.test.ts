import { expect, test } from 'vitest';
import { type BenchOptions, parseBenchArgs } from './bench-options';
import { type BenchRow, limitedBy, maxNTable, medianRow, ratioTable, runsTable } from './bench-table';
import { benchMarkdown, planJobs } from './run-bench';

const options: BenchOptions = {
  durationS: 15,
  warmupS: 3,
  repeat: 3,
  isMatrix: true,
  ns: [10, 200],
  ticks: [20, 60],
  refN: 200,
  refTick: 60,
  observers: 10,
  withPeers: true,
  peers: ['colyseus'],
  peersDir: '/nowhere',
  withFindMax: false,
  outDir: '/nowhere',
  port: 3300,
  strategies: [undefined],
  transports: ['websocket'],
  tableFiles: [],
};

function row(system: string, n: number, tickHz: number, overrides: Partial<BenchRow> = {}): BenchRow {
  return {
    system,
    n,
    tick_hz: tickHz,
    achieved_tick_hz: tickHz,
    server_cpu_pct: 50,
    cpu_us_per_client_tick: 30,
    tick_ms_p50: 1,
    tick_ms_p99: 2,
    down_bytes_per_client_s: 1000,
    ack_ms_p50: 10,
    ack_ms_p99: 20,
    bot_cpu_pct: 50,
    bot_input_hz: tickHz - 0.5,
    errors: 0,
    ...overrides,
  };
}

test('plans the matrix with every system at each point, then the missing reference repeats', () => {
  const jobs = planJobs(options).map((j) => `${j.system}:${j.n}:${j.tickHz}:${j.kind}`);
  expect(jobs.slice(0, 2)).toEqual(['arena:10:20:matrix', 'colyseus:10:20:matrix']);
  expect(jobs.filter((j) => j.startsWith('arena:200:60'))).toHaveLength(3);
  expect(jobs.slice(-4)).toEqual([
    'arena:200:60:repeat',
    'colyseus:200:60:repeat',
    'arena:200:60:repeat',
    'colyseus:200:60:repeat',
  ]);
  expect(planJobs({ ...options, isMatrix: false, withPeers: false, repeat: 2 })).toHaveLength(2);
});

test('medians per field, ratios Arena / peer, limits named like the peers', () => {
  const rows = [
    row('arena', 200, 60, { cpu_us_per_client_tick: 20 }),
    row('arena', 200, 60, { cpu_us_per_client_tick: 24 }),
    row('arena', 200, 60, { cpu_us_per_client_tick: 100 }),
    row('colyseus', 200, 60, { cpu_us_per_client_tick: 30 }),
  ];
  expect(medianRow(rows, 'arena', 200, 60)?.cpu_us_per_client_tick).toBe(24);
  const table = ratioTable(rows, 'arena', ['colyseus'], 200, 60);
  expect(table).toMatch(/\| µs CPU \/ client \/ tick \| 24 \(20-100\) \| 30 \| 0\.80 \|/);
  expect(limitedBy(row('x', 1, 60, { achieved_tick_hz: 50 }))).toBe('server');
  expect(limitedBy(row('x', 1, 60, { bot_cpu_pct: 95 }))).toBe('bots');
  expect(limitedBy(row('x', 1, 60, { server_cpu_pct: 95, bot_input_hz: 40 }))).toBe('server + bots');
  expect(limitedBy(row('x', 1, 60))).toBe('-');
});

test('max N: measured between a holding and a failing N, else extrapolated and labelled', () => {
  const measured = maxNTable([row('a', 100, 60), row('a', 200, 60, { server_cpu_pct: 95 })]);
  expect(measured).toMatch(/\| a \| 60 \| 100 <= max < 200 \(measured\) \|/);
  const saturated = maxNTable([
    row('b', 100, 60, { cpu_us_per_client_tick: 29.4 }),
    row('b', 400, 60, { bot_cpu_pct: 95 }),
  ]);
  expect(saturated).toMatch(/~\d+ \(extrapolated from the cost at N=400/);
  const stalled = maxNTable([
    row('c', 50, 60, { achieved_tick_hz: 40, server_cpu_pct: 10 }),
    row('c', 100, 60, { cpu_us_per_client_tick: 30 }),
  ]);
  expect(stalled).toMatch(/~500 \(extrapolated from the cost at N=100.*stalls\) at N=50/);
});

test('several strategies: each is its own Arena system at every point, each compared with the peers', () => {
  const o: BenchOptions = { ...options, strategies: ['full', 'delta+aoi'], isMatrix: false, repeat: 1 };
  const jobs = planJobs(o).map((j) => `${j.system}:${j.strategy ?? '-'}`);
  expect(jobs).toEqual(['arena/full:full', 'arena/delta+aoi:delta+aoi', 'colyseus:-']);
  expect(planJobs({ ...o, strategies: ['full'] })[0]).toMatchObject({ system: 'arena', strategy: 'full' });

  const text = benchMarkdown(
    [
      row('arena/full', 200, 60, { down_bytes_per_client_s: 6000 }),
      row('arena/delta+aoi', 200, 60, { down_bytes_per_client_s: 500 }),
      row('colyseus', 200, 60, { down_bytes_per_client_s: 2000 }),
    ],
    ['# t'],
  );
  expect(text).toMatch(/\| down bytes \/ client \/ s \| 6000 \| 2000 \| 3\.00 \|/);
  expect(text).toMatch(/\| down bytes \/ client \/ s \| 500 \| 2000 \| 0\.25 \|/);
  expect(text).toContain('arena/delta+aoi / colyseus');
  expect(text).not.toMatch(/arena\/full \/ arena/);
});

test('--strategy takes a checked, de-duplicated list; none means the server default', () => {
  const parse = (args: string[]) => parseBenchArgs(args) as BenchOptions;
  expect(parse([]).strategies).toEqual([undefined]);
  expect(parse(['--strategy', 'full, delta+aoi,full']).strategies).toEqual(['full', 'delta+aoi']);
  expect(() => parse(['--strategy', 'delta,nope'])).toThrow(
    /unknown strategy "nope" \(known: full, delta, delta\+aoi\)/,
  );
});

test('many rooms: the runs table shows S, rooms and the worst room; holding is judged on the worst room', () => {
  const many = (system: string, worst: number, p99: number | null) =>
    row(system, 480, 60, {
      room_size: 16,
      rooms: 30,
      worst_room_tick_hz: worst,
      worst_room_tick_ms_p99: p99,
    });
  const rows = [many('arena', 59.8, 3.2), many('arena', 50, 9), many('colyseus', 59.9, null)];
  const table = runsTable(rows);
  expect(table).toMatch(
    /\| system \| N \| T \| S \| rooms \| ticks\/s \(room mean\) \| worst room ticks\/s \| worst room tick p99 ms \|/,
  );
  expect(table).toMatch(/\| arena \| 480 \| 60 \| 16 \| 30 \| 60 \| 59\.8 \| 3\.2 \|/);
  expect(table).toMatch(/\| colyseus \| 480 \| 60 \| 16 \| 30 \| 60 \| 59\.9 \| - \|/);
  // the mean room holds T, the slowest does not: the run does not hold
  expect(limitedBy(rows[1]!)).toBe('server');
  expect(limitedBy(rows[0]!)).toBe('-');
  const ratios = ratioTable(rows, 'arena', ['colyseus'], 480, 60);
  expect(ratios).toMatch(/^\| N=480 in rooms of S=16, T=60 /);
  expect(ratios).toMatch(/\| worst room ticks\/s \| 54\.9 \(50-59\.8\) \| 59\.9 \| 0\.92 \|/);
  expect(ratios).toMatch(/\| worst room tick p99 ms \| 6\.1 \(3\.2-9\) \| - \| - \|/);
  expect(runsTable([row('arena', 200, 60)])).not.toMatch(/worst room/);
});

test('--mixed probes only at the reference point and only for Arena; not with --room-size', () => {
  const jobs = planJobs({ ...options, isMixed: true, ns: [10, 200], ticks: [60] });
  expect(jobs.filter((j) => j.isMixed).map((j) => `${j.system}:${j.n}`)).toEqual([
    'arena:200',
    'arena:200',
    'arena:200',
  ]);
  const parse = (args: string[]) => parseBenchArgs(args) as BenchOptions;
  expect(parse(['--mixed']).isMixed).toBe(true);
  expect(parse(['--room-size', '16']).roomSize).toBe(16);
  expect(() => parse(['--mixed', '--room-size', '16'])).toThrow(/not with --room-size/);
  expect(() => parse(['--room-size', '1.5'])).toThrow(/integer/);
});

test('runs that probed get a "Mixed load" section with the targets checked', () => {
  const phase = (name: string, rps: number) => ({
    phase: name,
    url: 'http://127.0.0.1:1',
    watched_room: null,
    tick_hz: 60,
    started_at: '',
    storm_room_closed: null,
    probes: [
      {
        key: 'healthz/new',
        probe: 'healthz' as const,
        context: { seconds: 3, server_cpu_pct: 50, room_tick_hz: null, bot_cpu_pct: null, probe_cpu_pct: 20 },
        result: {
          url: '',
          connections: 'new' as const,
          concurrency: 50,
          duration_s: 3,
          ok: 3 * rps,
          non_2xx: 0,
          errors: 0,
          error_samples: [],
          rps,
          ms_p50: 5,
          ms_p99: 10,
          ms_max: 10,
        },
      },
    ],
  });
  const probed = row('arena', 200, 60, {
    mixed: { no_room: phase('no-room', 900), with_room: phase('with-room', 70) },
  });
  const text = benchMarkdown([probed, row('colyseus', 200, 60)], ['# t']);
  expect(text).toMatch(/## Mixed load: arena, N=200 T=60 \(1 runs/);
  expect(text).toMatch(/\| healthz\/new \| requests\/s \| 900 \| 70 \| 0\.08 \| >= 0\.5x \| \*\*NO\*\* \|/);
  expect(benchMarkdown([row('arena', 200, 60)], ['# t'])).not.toMatch(/Mixed load/);
});
