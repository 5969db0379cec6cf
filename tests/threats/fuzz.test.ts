// A short `pnpm fuzz` run in the test suite (THREATS §1-2): random and structure-aware malformed
// msgpack, Socket.IO and engine.io frames against a live server; it must survive them all.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FRAMES = 1200;

test('pnpm fuzz: a live server survives malformed msgpack, Socket.IO and engine.io frames, refusing them with codes', async () => {
  // the same command as `pnpm fuzz` (root package.json), with a fixed seed so a failure replays
  const child = spawn(
    process.execPath,
    [
      ...['--import', 'tsx', 'packages/fuzz/src/main.ts', '--seed', '20261125', '--json'],
      // bounded by frames, so a busy machine throws as many; the duration only caps a stuck run
      ...['--frames', String(FRAMES), '--duration-ms', '45000'],
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const report = JSON.parse(output.trim().split('\n').at(-1)!) as {
    survived: boolean;
    crashes: string[];
    framesSent: number;
    refusals: Record<string, number>;
    honestStillPlaying: boolean;
    serverHealthy: boolean;
    framesByFamily: Record<string, number>;
  };
  expect(report.crashes).toEqual([]);
  expect(report.serverHealthy).toBe(true);
  expect(report.honestStillPlaying).toBe(true);
  expect(report.survived).toBe(true);
  expect(code).toBe(0);
  expect(report.framesSent).toBe(FRAMES);
  expect(Object.values(report.framesByFamily).every((count) => count > 0)).toBe(true);
  expect(report.refusals.ARENA_ERR_BAD_MESSAGE ?? 0).toBeGreaterThan(100);
  expect(Object.keys(report.refusals).every((key) => key.startsWith('ARENA_ERR_'))).toBe(true);
}, 60_000);
