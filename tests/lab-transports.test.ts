import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(REPO, 'packages/lab/src/main.ts');

/** The parts of the lab's JSON report (packages/lab/src/report/lab-report.ts) this test reads. */
interface LabJson {
  lab: { transports: string[]; script: string };
  cells: {
    id: string;
    transport: string;
    network: { label: string };
    error: string | null;
    figures: {
      joined: number;
      transport: string;
      channels: { opened: number; fallbacks: number; attempts: number; closed: number } | null;
      datagrams_per_client_s: number | null;
      snapshots_per_client_s: number | null;
      snapshots_dropped_pct: number | null;
      snapshot_age_ms: { count: number; p50: number | null; p99: number | null };
      freezes_per_client_min: number | null;
      shots_per_client_s: number | null;
      corrections_per_client_s: number | null;
      rewind: { shots: number } | null;
      problems: string[];
    } | null;
  }[];
}

let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'arena-lab-transports-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

// 300 ms RTT at 10 % loss: a TCP retransmission holds the stream back longer than the server's
// input credit (300 ms), so the burst of inputs behind it is cut and the probe corrected.
const LOSSY = 'lossy=150:0:10:0';

test('a tiny transport grid: datagram probes use their channel, loss drops datagrams but delays the WebSocket, combat fires', async () => {
  await run(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      '--strategies',
      'delta',
      '--transports',
      'websocket,datagram',
      '--networks',
      `lan,${LOSSY}`,
      '--script',
      'combat',
      '--bots',
      '3',
      '--duration',
      '1',
      '--warmup',
      // time for the combat probes, spawned apart, to close in within a shot's range
      '2',
      '--retries',
      '0',
      '--out-dir',
      outDir,
      '--name',
      'transports',
      '--quiet',
    ],
    { cwd: REPO, timeout: 110_000 },
  ).catch((error: Error & { code?: number; stderr?: string }) => {
    // exit status 1: a cell failed, and the report names why (checked below); anything else is fatal
    if (error.code !== 1) throw error;
    process.stderr.write(`lab exited with status 1: ${error.stderr ?? ''}\n`);
  });
  const report = JSON.parse(await readFile(join(outDir, 'transports.json'), 'utf8')) as LabJson;
  expect(report.lab.transports).toEqual(['websocket', 'datagram']);
  expect(report.lab.script).toBe('combat');
  expect(report.cells.map((cell) => cell.id)).toEqual([
    'delta | websocket | lan | 60/30',
    'delta | datagram | lan | 60/30',
    'delta | websocket | lossy | 60/30',
    'delta | datagram | lossy | 60/30',
  ]);
  const figures = (transport: string, network: string) => {
    const cell = report.cells.find((c) => c.transport === transport && c.network.label === network)!;
    expect(cell.error, `${cell.id} failed`).toBeNull();
    return cell.figures!;
  };
  for (const network of ['lan', 'lossy']) {
    const ws = figures('websocket', network);
    const dgram = figures('datagram', network);
    expect(ws.transport).toBe('websocket');
    expect(ws.channels).toBeNull();
    expect(ws.datagrams_per_client_s).toBeNull();
    // every probe's channel opened (a failed one is offered again), or the fallback is reported
    const channels = dgram.channels!;
    expect(channels.opened + channels.fallbacks).toBe(dgram.joined);
    expect(channels.opened).toBeGreaterThan(0);
    expect(dgram.datagrams_per_client_s!).toBeGreaterThan(0);
    if (channels.fallbacks > 0) {
      expect(dgram.problems.some((problem) => problem.includes('stayed on the WebSocket'))).toBe(true);
    }
    for (const f of [ws, dgram]) expect(f.snapshot_age_ms.count).toBeGreaterThan(0);
  }
  // the combat probes fire (in 1 s a cell's probes may all stand out of range: counted over the grid)
  const all = report.cells.map((cell) => cell.figures!);
  expect(all.reduce((sum, f) => sum + f.shots_per_client_s!, 0)).toBeGreaterThan(0);
  expect(all.reduce((sum, f) => sum + f.rewind!.shots, 0)).toBeGreaterThan(0);
  // loss on the datagram path drops snapshots; on the WebSocket nothing is dropped, only late:
  // a lost segment holds the stream for a retransmission (over 400 ms at this RTT), a freeze
  expect(figures('datagram', 'lossy').snapshots_dropped_pct!).toBeGreaterThan(0);
  expect(figures('websocket', 'lossy').snapshots_dropped_pct).toBe(0);
  expect(figures('websocket', 'lossy').freezes_per_client_min!).toBeGreaterThan(0);
  // Corrections are not asserted: the own player's movement depends only on its inputs and the
  // walls, so a probe is corrected only when the server cuts a burst of inputs a retransmission
  // held back beyond its input credit, which a 1 s window may or may not contain.
}, 120_000);
