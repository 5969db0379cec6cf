import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LINGERING_MARKER } from '../cli/linger';
import type { ProbePhaseReport } from '../probe/run-probes';
import { roomCount } from '../run/room-plan';
import { ArenaServerProcess } from './arena-server-process';
import type { BenchOptions } from './bench-options';
import { type BoundedChild, type Finished, pinTo, runBounded, startBounded } from './child-process';
import type { Job } from './run-bench';

/**
 * Seconds between the load test's GET /metrics scrapes in a bench run. Each scrape costs the
 * server about 1.5 ms of CPU (prom-client renders every metric), 2 % of its CPU at N=200, T=60
 * when read every second, a cost the peers' servers do not pay (they are asked at the window's
 * edges only); every 5 s it is under 0.5 %, and each run still keeps a coarse time series.
 */
export const BENCH_SAMPLE_INTERVAL_S = 5;

export const SERVER_CPU = 0;
export const BOTS_CPU = 1;

/** Arena's default room cap (--max-rooms); many rooms (and a mixed run's storm room) may need more. */
const SERVER_MAX_ROOMS_DEFAULT = 100;
/**
 * Empty rooms close after 30 s by default; with many rooms the last ones wait for their bots while
 * hundreds join before them, so the bench server keeps empty rooms this long, ms.
 */
const MANY_ROOMS_IDLE_MS = 600_000;
/** Longest a mixed run's bots wait for the probes after their window, s (they are stopped sooner). */
const MIXED_LINGER_MAX_S = 600;
/** How long a lingering load test gets to stop its bots and exit after SIGTERM, ms. */
const LOAD_TEST_STOP_GRACE_MS = 15_000;
/** One phase of probes (HTTP loads, page loads, a 500-join storm) ends well within this, ms. */
const PROBE_PHASE_TIMEOUT_MS = 300_000;

/** Where a run's files go, and where it says what it does. */
export interface RunFiles {
  readonly runsDir: string;
  readonly logs: string;
  readonly tag: string;
  readonly log: (line: string) => void;
}

const node = (script: string) => [process.execPath, '--import', 'tsx', script];

function loadTestArgv(o: BenchOptions, job: Job, url: string, files: RunFiles, lingerS: number): string[] {
  return [
    ...pinTo(BOTS_CPU),
    ...node('packages/loadtest/src/main.ts'),
    '--url',
    url,
    '--bots',
    String(job.n),
    '--tick',
    String(job.tickHz),
    '--duration',
    String(o.durationS),
    '--warmup',
    String(o.warmupS),
    '--observers',
    String(o.observers),
    '--sample-interval',
    String(Math.min(BENCH_SAMPLE_INTERVAL_S, o.durationS)),
    '--workers',
    '1',
    '--out-dir',
    files.runsDir,
    '--name',
    files.tag,
    '--quiet',
    ...(job.strategy === undefined ? [] : ['--strategy', job.strategy]),
    ...(job.transport === undefined ? [] : ['--transport', job.transport]),
    ...(o.roomSize === undefined ? [] : ['--room-size', String(o.roomSize)]),
    ...(lingerS > 0 ? ['--linger', String(lingerS)] : []),
  ];
}

function checkExit(what: string, result: Finished): void {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited ${result.code ?? result.signal}${result.timedOut ? ' (timed out)' : ''}: ${result.stderr.trim().split('\n').at(-1)}`,
    );
  }
}

/**
 * One Arena run against a fresh server (CPU 0) with the bots on CPU 1: the load test's report,
 * and with `job.isMixed` the probes of the same server with no room (before the bots join) and
 * with the room running (after the window, the bots playing on), the probe process on CPU 1 too.
 */
export async function runArena(
  o: BenchOptions,
  repoRoot: string,
  job: Job,
  files: RunFiles,
): Promise<Record<string, unknown>> {
  const rooms = roomCount(job.n, o.roomSize) + (job.isMixed === true ? 1 : 0);
  // An admin token of this run only, so the probes can close the storm's room before the bots come.
  const adminToken = randomBytes(24).toString('hex');
  const server = await ArenaServerProcess.start({
    repoRoot,
    port: o.port,
    cpu: SERVER_CPU,
    logFile: join(files.logs, `${files.tag}.server.log`),
    extraArgs: [
      ...(rooms > SERVER_MAX_ROOMS_DEFAULT ? ['--max-rooms', String(rooms)] : []),
      ...(o.roomSize === undefined ? [] : ['--room-idle-ms', String(MANY_ROOMS_IDLE_MS)]),
    ],
    ...(job.isMixed === true ? { env: { ARENA_ADMIN_TOKEN: adminToken } } : {}),
  });
  try {
    let mixed: { no_room: ProbePhaseReport; with_room: ProbePhaseReport } | undefined;
    if (job.isMixed === true) {
      const noRoom = await probePhase(repoRoot, server.url, job, files, adminToken, 'no-room', undefined);
      if (noRoom.storm_room_closed !== true) throw new Error('the storm room could not be closed');
      const loadTest = await startLingering(loadTestArgv(o, job, server.url, files, MIXED_LINGER_MAX_S), {
        cwd: repoRoot,
        timeoutMs: (o.durationS + o.warmupS + MIXED_LINGER_MAX_S + 120) * 1000,
      });
      try {
        const withRoom = await probePhase(
          repoRoot,
          server.url,
          job,
          files,
          adminToken,
          'with-room',
          loadTest.pid,
        );
        mixed = { no_room: noRoom, with_room: withRoom };
      } finally {
        // It ends its linger on SIGTERM and closes its bots (up to ~5 s): not SIGKILL before that.
        await loadTest.stop(LOAD_TEST_STOP_GRACE_MS);
      }
      const result = await loadTest.finished;
      await writeFile(join(files.logs, `${files.tag}.bots.log`), `${result.stdout}\n${result.stderr}`);
      checkExit('loadtest', result);
    } else {
      const result = await runBounded(loadTestArgv(o, job, server.url, files, 0), {
        cwd: repoRoot,
        timeoutMs: (o.durationS + o.warmupS + 120) * 1000,
      });
      await writeFile(join(files.logs, `${files.tag}.bots.log`), `${result.stdout}\n${result.stderr}`);
      checkExit('loadtest', result);
    }
    const report = JSON.parse(await readFile(join(files.runsDir, `${files.tag}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    // The time series and each room's figures stay in runs/<tag>.json and .html.
    delete report.series;
    delete report.room_figures;
    return { ...report, system: job.system, ...(mixed === undefined ? {} : { mixed }) };
  } finally {
    await server.stop();
  }
}

/**
 * Starts a load test with --linger; resolves once it says its report is written and its bots
 * play on, rejects if it ends first.
 */
async function startLingering(
  argv: readonly string[],
  options: { cwd: string; timeoutMs: number },
): Promise<BoundedChild> {
  let stderr = '';
  let onMarker = () => {};
  const marker = new Promise<void>((resolve) => {
    onMarker = resolve;
  });
  const loadTest = startBounded(argv, {
    ...options,
    onStderr: (chunk) => {
      stderr += chunk;
      if (stderr.includes(LINGERING_MARKER)) onMarker();
    },
  });
  const ended = loadTest.finished.then((result) => {
    throw new Error(
      `the load test ended before lingering (${result.code ?? result.signal}): ${result.stderr.trim().split('\n').at(-1)}`,
    );
  });
  await Promise.race([marker, ended]);
  ended.catch(() => {}); // ends later, when stopped: expected
  return loadTest;
}

async function probePhase(
  repoRoot: string,
  url: string,
  job: Job,
  files: RunFiles,
  adminToken: string,
  phase: 'no-room' | 'with-room',
  botsPid: number | undefined,
): Promise<ProbePhaseReport> {
  files.log(`  probes, ${phase}`);
  const out = join(files.runsDir, `${files.tag}.${phase}.json`);
  const result = await runBounded(
    [
      ...pinTo(BOTS_CPU),
      ...node('packages/loadtest/src/bench-mixed-main.ts'),
      '--url',
      url,
      '--phase',
      phase,
      '--tick',
      String(job.tickHz),
      '--out',
      out,
      ...(phase === 'with-room' ? ['--room', 'bench'] : []),
      ...(botsPid === undefined ? [] : ['--watch-pid', String(botsPid)]),
    ],
    {
      cwd: repoRoot,
      timeoutMs: PROBE_PHASE_TIMEOUT_MS,
      env: { ...process.env, ARENA_ADMIN_TOKEN: adminToken },
    },
  );
  await writeFile(join(files.logs, `${files.tag}.${phase}.probe.log`), `${result.stdout}\n${result.stderr}`);
  checkExit(`probes (${phase})`, result);
  files.log(result.stdout.trim().replace(/^/gm, '    '));
  return JSON.parse(await readFile(out, 'utf8')) as ProbePhaseReport;
}
