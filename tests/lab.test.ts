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
interface Distribution {
  count: number;
  mean: number | null;
  p50: number | null;
  p99: number | null;
  max: number | null;
}
interface LabJson {
  lab: {
    command: string;
    pinning: string;
    bots: number;
    strategies: string[];
    replay: { file: string; players: number } | null;
  };
  cells: {
    id: string;
    strategy: string;
    error: string | null;
    figures: {
      joined: number;
      down_bytes_per_client_s: number | null;
      cpu_us_per_client_tick: number | null;
      achieved_tick_hz: number | null;
      ack_ms: Distribution;
      prediction_error: Distribution;
      interpolation_error: Distribution;
      extrapolation: { frames: number; frame_pct: number | null };
      truth: { ticks: number; diverged_at_tick: number | null } | null;
      byte_attribution: { strategy: string; totalBytes: number } | null;
    } | null;
  }[];
}

let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'arena-lab-test-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

test('a two-cell lab run against real servers writes a sane JSON report and a self-contained HTML report', async () => {
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      '--strategies',
      'full,delta',
      '--networks',
      'lan',
      '--bots',
      '3',
      '--duration',
      '2',
      '--warmup',
      '0.5',
      '--out-dir',
      outDir,
      '--name',
      'tiny',
      '--keep-recordings',
      '--quiet',
    ],
    { cwd: REPO, timeout: 90_000 },
  );
  expect(stdout).toContain(join(outDir, 'tiny.html'));

  const report = JSON.parse(await readFile(join(outDir, 'tiny.json'), 'utf8')) as LabJson;
  expect(report.lab.bots).toBe(3);
  expect(report.cells.map((cell) => cell.id)).toEqual(['full | lan | 60/30', 'delta | lan | 60/30']);
  for (const cell of report.cells) {
    expect(cell.error).toBeNull();
    const f = cell.figures!;
    expect(f.joined).toBe(3);
    for (const value of [
      f.down_bytes_per_client_s,
      f.cpu_us_per_client_tick,
      f.achieved_tick_hz,
      f.ack_ms.p50,
      f.ack_ms.p99,
      f.prediction_error.p99,
      f.interpolation_error.mean,
      f.interpolation_error.p99,
      f.extrapolation.frame_pct,
    ]) {
      expect(Number.isFinite(value)).toBe(true);
    }
    expect(f.down_bytes_per_client_s!).toBeGreaterThan(0);
    expect(f.ack_ms.count).toBeGreaterThan(0);
    expect(f.prediction_error.count).toBeGreaterThan(0);
    expect(f.interpolation_error.count).toBeGreaterThan(0);
    expect(f.extrapolation.frames).toBeGreaterThan(0);
    // The ground truth is the recording re-simulated, every tick's hash matching.
    expect(f.truth).not.toBeNull();
    expect(f.truth!.ticks).toBeGreaterThan(0);
    expect(f.truth!.diverged_at_tick).toBeNull();
    expect(f.byte_attribution?.strategy).toBe(cell.strategy);
  }
  // Same play, same conditions: delta encoding sends fewer bytes than full snapshots.
  const bytes = (strategy: string) =>
    report.cells.find((cell) => cell.strategy === strategy)!.figures!.down_bytes_per_client_s!;
  expect(bytes('delta')).toBeLessThan(bytes('full'));

  const html = await readFile(join(outDir, 'tiny.html'), 'utf8');
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).toContain('<svg');
  expect(html).toContain('Interpolation error of remote players');
  expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  for (const cell of report.cells) expect(html).toContain(cell.id);
}, 120_000);

test("a kept cell recording replays: one probe per recorded player, sending that player's inputs", async () => {
  const recording = join(outDir, 'tiny-recordings', 'cell1-full-lan-60-30.arena');
  await run(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      '--replay',
      recording,
      '--strategies',
      'delta',
      '--networks',
      'lan',
      '--duration',
      '1',
      '--warmup',
      '0.5',
      '--out-dir',
      outDir,
      '--name',
      'replayed',
      '--quiet',
    ],
    { cwd: REPO, timeout: 60_000 },
  );
  const report = JSON.parse(await readFile(join(outDir, 'replayed.json'), 'utf8')) as LabJson;
  expect(report.lab.replay).toMatchObject({ file: 'cell1-full-lan-60-30.arena', players: 3 });
  expect(report.lab.bots).toBe(3);
  const f = report.cells[0]!.figures!;
  expect(f.joined).toBe(3);
  expect(f.ack_ms.count).toBeGreaterThan(0);
  expect(f.truth!.diverged_at_tick).toBeNull();
}, 90_000);

test('bad flags exit with status 2 and the usage', async () => {
  const failure = await run(process.execPath, ['--import', 'tsx', CLI, '--rates', '60/90'], {
    cwd: REPO,
    timeout: 20_000,
  }).catch((error: { code: number; stderr: string }) => error);
  expect((failure as { code: number }).code).toBe(2);
  expect((failure as { stderr: string }).stderr).toMatch(/--rates: "60\/90"/);
  expect((failure as { stderr: string }).stderr).toContain('Usage: pnpm lab');
});
