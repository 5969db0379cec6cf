import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { ServerScrape, ServerWindow } from '../metrics/server-scrape';
import { datagramFigures } from '../run/build-report';
import { type BenchOptions, parseBenchArgs } from './bench-options';
import { type BenchRow, runsTable } from './bench-table';
import { arenaSystem, benchMarkdown, peerDir, planJobs, runTag } from './run-bench';

const parse = (args: string[]) => parseBenchArgs(args) as BenchOptions;

function row(system: string, overrides: Partial<BenchRow> = {}): BenchRow {
  return {
    system,
    n: 200,
    tick_hz: 60,
    achieved_tick_hz: 60,
    server_cpu_pct: 50,
    cpu_us_per_client_tick: 30,
    tick_ms_p50: 1,
    tick_ms_p99: 2,
    down_bytes_per_client_s: 1000,
    ack_ms_p50: 10,
    ack_ms_p99: 20,
    bot_cpu_pct: 50,
    bot_input_hz: 59.5,
    errors: 0,
    ...overrides,
  };
}

test('--transports takes a checked, de-duplicated list; none means the WebSocket only', () => {
  expect(parse([]).transports).toEqual(['websocket']);
  expect(parse(['--transports', 'websocket, datagram,websocket']).transports).toEqual([
    'websocket',
    'datagram',
  ]);
  expect(parse(['--transports', 'datagram']).transports).toEqual(['datagram']);
  expect(() => parse(['--transports', 'websocket,udp'])).toThrow(
    /unknown transport "udp" \(known: websocket, datagram\)/,
  );
});

test('--peer-systems takes geckos beside the shared peers, and names the known ones for a typo', () => {
  expect(parse(['--peer-systems', 'colyseus,socketio-raw,geckos']).peers).toEqual([
    'colyseus',
    'socketio-raw',
    'geckos',
  ]);
  expect(() => parse(['--peer-systems', 'gekos'])).toThrow(
    /unknown peer "gekos" \(known: colyseus, socketio-raw, colyseus-inline, geckos\)/,
  );
});

test('the datagram transport is its own Arena system at every point, its jobs told to use datagrams', () => {
  const o = { ...parse(['--no-matrix', '--repeat', '2', '--transports', 'websocket,datagram', '--peers']) };
  const jobs = planJobs({ ...o, peers: ['colyseus', 'geckos'] });
  expect(jobs.map((j) => `${j.system}:${j.transport ?? 'websocket'}`)).toEqual([
    'arena:websocket',
    'arena/datagram:datagram',
    'colyseus:websocket',
    'geckos:websocket',
    'arena:websocket',
    'arena/datagram:datagram',
    'colyseus:websocket',
    'geckos:websocket',
  ]);
  // with several strategies, each strategy runs on each transport
  const both = planJobs({ ...o, withPeers: false, repeat: 1, strategies: ['full', 'delta'] });
  expect(both.map((j) => j.system)).toEqual([
    'arena/full',
    'arena/full/datagram',
    'arena/delta',
    'arena/delta/datagram',
  ]);
  expect(both.map((j) => j.strategy)).toEqual(['full', 'full', 'delta', 'delta']);
  // datagrams alone still say so in the name: an 'arena' row is always a WebSocket one
  expect(arenaSystem({ ...o, transports: ['datagram'] }, undefined, 'datagram')).toBe('arena/datagram');
  // a run's files are named in one folder, whatever the name holds
  expect(runTag({ system: 'arena/full/datagram', n: 200, tickHz: 60 }, 0)).toBe(
    'arena-full-datagram-n200-t60-1',
  );
});

test('geckos runs from this repo, the shared peers from --peers-dir', () => {
  const o = parse(['--peers-dir', '/shared/peers']);
  expect(peerDir(o, '/repo', 'geckos')).toBe(join('/repo', 'bench', 'peers'));
  expect(peerDir(o, '/repo', 'colyseus')).toBe('/shared/peers');
});

test('the runs table says how many bots of a datagram run were on a DataChannel; WebSocket rows show -', () => {
  const rows = [
    row('arena'),
    row('arena/datagram', { transport: 'datagram', connected: 200, datagram_clients: 198, errors: 2 }),
    row('geckos', { transport: 'datagram', connected: 200, datagram_clients: 200 }),
  ];
  const lines = runsTable(rows).split('\n');
  expect(lines[0]).toContain('| errors | on datagrams | limited by |');
  expect(lines[1]!.split('---|')).toHaveLength(17);
  expect(lines[2]).toMatch(/^\| arena \|.*\| 0 \| - \| - \|$/);
  expect(lines[3]).toMatch(/^\| arena\/datagram \|.*\| 2 \| 198\/200 \| - \|$/);
  expect(lines[4]).toMatch(/^\| geckos \|.*\| 200\/200 \|/);
  // no datagram run: no such column
  expect(runsTable([row('arena')])).not.toContain('on datagrams');
  // each Arena system is compared with the peers on its own
  const text = benchMarkdown(rows, ['# t']);
  expect(text).toContain('| arena | geckos | arena / geckos |');
  expect(text).toContain('| arena/datagram | geckos | arena/datagram / geckos |');
});

const scrapeWith = (clients: number): ServerScrape =>
  ({
    datagram: { clients, channelsOpened: 203, channelsFailed: 3, datagramsOut: 0, snapshotsOversized: 0 },
  }) as unknown as ServerScrape;
const window = { datagramsOut: 6000, datagramSnapshotsOversized: 30 } as unknown as ServerWindow;

test("a bot not on a DataChannel at the window's end is an error of the run, never a datagram client", () => {
  const all = datagramFigures(
    { connected: 200, end: scrapeWith(200), server: window, totals: { errors: 0 } as never },
    10,
  );
  expect(all.fields).toEqual({
    transport: 'datagram',
    datagram_clients: 200,
    datagram_channels_opened: 203,
    datagram_channels_failed: 3,
    datagrams_out_per_s: 600,
    datagram_snapshots_oversized_per_s: 3,
  });
  expect(all.shortfallSample).toEqual([]);
  expect(all.uncountedShortfall).toBe(0);

  // two bots fell back and said so (the bots' own errors): counted once
  const told = datagramFigures(
    { connected: 200, end: scrapeWith(198), server: window, totals: { errors: 2 } as never },
    10,
  );
  expect(told.fields.datagram_clients).toBe(198);
  expect(told.shortfallSample).toEqual([
    "2 of 200 bots were on the WebSocket at the window's end, not on a DataChannel",
  ]);
  expect(told.uncountedShortfall).toBe(0);

  // nobody said so: the shortfall itself is the error
  const silent = datagramFigures(
    { connected: 200, end: scrapeWith(195), server: window, totals: { errors: 0 } as never },
    10,
  );
  expect(silent.uncountedShortfall).toBe(5);
  // the server's gauge counts only this run's bots
  const more = datagramFigures(
    { connected: 4, end: scrapeWith(9), server: window, totals: { errors: 0 } as never },
    10,
  );
  expect(more.fields.datagram_clients).toBe(4);
});
