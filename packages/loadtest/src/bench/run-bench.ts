import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileStamp } from '../cli/write-reports';
import { type MixedRun, mixedTable } from '../probe/mixed-table';
import { ArenaServerProcess, freePort } from './arena-server-process';
import { type BenchOptions, REPO_PEERS } from './bench-options';
import { type BenchRow, datagramCell, limitedBy, maxNTable, ratioTable, runsTable } from './bench-table';
import { hasTaskset, pinTo, runBounded } from './child-process';
import { BENCH_SAMPLE_INTERVAL_S, BOTS_CPU, runArena, SERVER_CPU } from './run-arena';

export interface Job {
  /** 'arena' (or 'arena/<strategy>' when several strategies run), or a peer's name. */
  readonly system: string;
  /** Arena's snapshot strategy for this run; undefined = the server's default. */
  readonly strategy?: string | undefined;
  /** Arena's bots on WebRTC DataChannels (pnpm loadtest --transport datagram); unset: WebSocket. */
  readonly transport?: 'datagram';
  readonly n: number;
  readonly tickHz: number;
  readonly kind: 'matrix' | 'repeat';
  /** Probe the server with no room and with the room running (pnpm bench --mixed, Arena only). */
  readonly isMixed?: boolean;
}

/**
 * Arena's system name for a strategy and transport: plain 'arena' unless several strategies are
 * compared, with '/datagram' added for the datagram transport (whatever else runs beside it).
 */
export function arenaSystem(
  o: BenchOptions,
  strategy: string | undefined,
  transport: 'websocket' | 'datagram' = 'websocket',
): string {
  const base = o.strategies.length > 1 && strategy !== undefined ? `arena/${strategy}` : 'arena';
  return transport === 'datagram' ? `${base}/datagram` : base;
}

/** Whether a system name is one arenaSystem gives (else it is a peer's). */
export function isArenaSystem(system: string): boolean {
  return system === 'arena' || system.startsWith('arena/');
}

/**
 * The runs in order: the matrix (each point: Arena in each strategy, then each peer), then the
 * extra reference runs.
 */
export function planJobs(o: BenchOptions): Job[] {
  const systems: Pick<Job, 'system' | 'strategy' | 'transport'>[] = [
    ...o.strategies.flatMap((strategy) =>
      o.transports.map((transport) => ({
        system: arenaSystem(o, strategy, transport),
        strategy,
        ...(transport === 'datagram' ? { transport } : {}),
      })),
    ),
    ...(o.withPeers ? o.peers.map((system) => ({ system })) : []),
  ];
  const jobs: Job[] = [];
  const point = (n: number, tickHz: number, kind: Job['kind']) => {
    const isMixed = o.isMixed === true && n === o.refN && tickHz === o.refTick;
    for (const s of systems) {
      jobs.push({ ...s, n, tickHz, kind, ...(isMixed && isArenaSystem(s.system) ? { isMixed } : {}) });
    }
  };
  let refRuns = 0;
  if (o.isMatrix) {
    for (const tickHz of o.ticks) {
      for (const n of o.ns) {
        point(n, tickHz, 'matrix');
        if (n === o.refN && tickHz === o.refTick) refRuns = 1;
      }
    }
  }
  for (let i = refRuns; i < o.repeat; i++) point(o.refN, o.refTick, 'repeat');
  return jobs;
}

/** A run's file name stem: one path segment, whatever the system's name holds ('arena/full/datagram'). */
export function runTag(job: Pick<Job, 'system' | 'n' | 'tickHz'>, index: number): string {
  return `${job.system.replaceAll('/', '-')}-n${job.n}-t${job.tickHz}-${index + 1}`;
}

function machineText(): string {
  const cores = cpus();
  return `${cores.length} x ${cores[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform} ${process.arch}`;
}

/** Which code ran: the commit, and whether the work tree had uncommitted changes (an export made with `git archive` carries `.bench-commit`). */
export function codeVersion(repoRoot: string): string {
  const marker = join(repoRoot, '.bench-commit');
  if (existsSync(marker)) return `${readFileSync(marker, 'utf8').trim()} (clean export)`;
  try {
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repoRoot, ...args], { encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in the work tree' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/**
 * `pnpm bench`: every run against a fresh process (Arena's server, or a peer via run.sh), the
 * server on CPU 0 and the bots on CPU 1, each bounded in time; JSON lines, then the tables.
 */
export async function runBench(
  o: BenchOptions,
  repoRoot: string,
  log: (line: string) => void,
): Promise<string> {
  const dir = join(o.outDir, fileStamp());
  const logs = join(dir, 'logs');
  const runsDir = join(dir, 'runs');
  await mkdir(logs, { recursive: true });
  await mkdir(runsDir, { recursive: true });
  const jsonl = join(dir, 'runs.jsonl');
  const jobs = planJobs(o);
  const rows: BenchRow[] = [];
  const loadBefore = loadavg();
  log(`bench: ${jobs.length} runs of ${o.durationS} s (+${o.warmupS} s warm-up) into ${dir}`);
  if (!hasTaskset()) log('bench: taskset not found: server and bots are NOT pinned to separate cores');

  for (const [index, job] of jobs.entries()) {
    const tag = runTag(job, index);
    const rooms = o.roomSize === undefined ? '' : ` in rooms of ${o.roomSize}`;
    log(
      `[${index + 1}/${jobs.length}] ${job.system} N=${job.n}${rooms} T=${job.tickHz} (${job.kind}${job.isMixed ? ', mixed' : ''})`,
    );
    const load1m = loadavg()[0]!;
    let row: Record<string, unknown> | undefined;
    try {
      row = isArenaSystem(job.system)
        ? await runArena(o, repoRoot, job, { runsDir, logs, tag, log })
        : await runPeer(o, repoRoot, job, logs, index === jobs.findIndex((j) => j.system === job.system));
    } catch (error) {
      log(`  failed: ${(error as Error).message}`);
      continue;
    }
    const annotated = { ...row, kind: job.kind, run: index + 1, load_1m_before: Number(load1m.toFixed(2)) };
    await appendFile(jsonl, `${JSON.stringify(annotated)}\n`);
    const r = annotated as unknown as BenchRow;
    rows.push(r);
    const worst = r.room_size == null ? '' : ` (worst room ${r.worst_room_tick_hz})`;
    log(
      `  ${r.achieved_tick_hz} ticks/s${worst}, server CPU ${r.server_cpu_pct} %, ${r.cpu_us_per_client_tick} µs/client/tick, ` +
        `${r.down_bytes_per_client_s} B/client/s, ack p50/p99 ${r.ack_ms_p50}/${r.ack_ms_p99} ms, bots ${r.bot_cpu_pct} %, ` +
        `limited by ${limitedBy(r)}${r.transport === 'datagram' ? `, on datagrams ${datagramCell(r)}` : ''}`,
    );
  }

  let findMaxText = '';
  if (o.withFindMax) findMaxText = await runArenaFindMax(o, repoRoot, dir, logs, log);

  const markdown = benchMarkdown(rows, [
    `# Arena bench ${fileStamp()}`,
    '',
    `- Machine: ${machineText()}; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    `- Code: ${codeVersion(repoRoot)}`,
    `- Pinning: ${hasTaskset() ? `server taskset -c ${SERVER_CPU}, bots taskset -c ${BOTS_CPU}` : 'none (no taskset)'}`,
    ...(o.transports.includes('datagram')
      ? [
          "- Datagrams: each `/datagram` system's bots negotiate a WebRTC DataChannel (node-datachannel) after joining; each input datagram carries the newest input and the 3 before it (redundancy against loss, each input still produced once per tick period, ack timed from then); a snapshot over 1,100 bytes goes over the WebSocket instead (counted on the server as oversized); 'on datagrams' is how many bots held an open channel at the window's end (a bot whose channel did not open is an error of its run)",
        ]
      : []),
    `- Arena server settings from the environment: ${serverEnvironment() || 'none (its defaults)'}`,
    ...(o.roomSize === undefined
      ? []
      : [
          `- Many rooms: N players in ceil(N/${o.roomSize}) rooms of S=${o.roomSize} (Arena: pnpm loadtest --room-size ${o.roomSize}; peers: ROOM_SIZE=${o.roomSize}); observers on the first bot of evenly spaced rooms; a run holds T when its slowest room does`,
        ]),
    `- Runs: ${o.durationS} s measured after ${o.warmupS} s warm-up, ${o.observers} observers, one input per message; Arena's GET /metrics read every ${Math.min(BENCH_SAMPLE_INTERVAL_S, o.durationS)} s of the window (the peers' stats at its edges only); command: pnpm bench ${process.argv.slice(2).join(' ')}`,
  ]);
  const full = `${markdown}\n${findMaxText}`;
  await writeFile(join(dir, 'table.md'), full);
  return full;
}

/**
 * The Markdown of a set of runs: every run, medians with ranges and Arena / peer ratios at each
 * point the peers ran (else at every point), and max N at each T.
 */
export function benchMarkdown(rows: readonly BenchRow[], header: readonly string[]): string {
  const systems = [...new Set(rows.map((r) => r.system))];
  const arenas = systems.filter(isArenaSystem);
  const peers = systems.filter((s) => !arenas.includes(s));
  const points = [...new Set(rows.map((r) => `${r.n}|${r.tick_hz}`))].map(
    (k) => k.split('|').map(Number) as [number, number],
  );
  return [
    ...header,
    '',
    '## Every run',
    '',
    runsTable(rows),
    '',
    `## Medians and ratios${peers.length > 0 ? ' (Arena / peer)' : ''}`,
    '',
    ...points.flatMap(([n, t]) => arenas.flatMap((arena) => [ratioTable(rows, arena, peers, n, t), ''])),
    '## Max N at T (from the medians)',
    '',
    maxNTable(rows),
    '',
    ...arenas.flatMap((arena) => mixedSection(rows, arena)),
  ].join('\n');
}

/** The mixed-load table of one Arena system, from its runs that probed (pnpm bench --mixed). */
function mixedSection(rows: readonly BenchRow[], arena: string): string[] {
  const runs: MixedRun[] = rows
    .filter((r) => r.system === arena && r.mixed !== undefined)
    .map((r) => ({ tick_hz: r.tick_hz, no_room: r.mixed!.no_room, with_room: r.mixed!.with_room }));
  if (runs.length === 0) return [];
  const n = rows.find((r) => r.system === arena && r.mixed !== undefined)!.n;
  const client = runs[0]!.with_room.http_client ?? 'undici';
  const clientText =
    client === 'wrk'
      ? "HTTP load from wrk (C, one thread: the server, not the client, is the limit; its latency excludes a new connection's connect)"
      : 'HTTP load from an undici loop in Node (wrk was not installed: the client may be the limit)';
  return [
    mixedTable(runs, [
      `## Mixed load: ${arena}, N=${n} T=${runs[0]!.tick_hz} (${runs.length} runs; medians, with / no = median of each run's own ratio)`,
      '',
      'No room: the fresh server before the bots join. With room: the same server right after the measured window, the bots still playing. ' +
        `${clientText}: 50 clients for 3 s per probe, "new" = a new connection per request (each one accepted), "kept-alive" = one connection per client; ` +
        'storm: 500 Socket.IO joins (WebSocket, Arena parser), 20 in flight, into a room of its own, each client leaving after its welcome; ' +
        'page: GET / and every file it links or its scripts import, each on a new connection, 100 loads in a row. ' +
        "The probe process runs on the bots' core (CPU 1); the server trusts 127.0.0.1, so its per-address API rate limit does not apply.",
      '',
    ]),
  ];
}

/** `pnpm bench --table a.jsonl,b.jsonl`: the Markdown of runs already taken (pooled). */
export async function tableFromFiles(files: readonly string[]): Promise<string> {
  const rows: BenchRow[] = [];
  for (const file of files) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      if (line.trim().startsWith('{')) rows.push(JSON.parse(line) as BenchRow);
    }
  }
  return benchMarkdown(rows, [`# Arena bench: ${rows.length} runs from ${files.join(', ')}`]);
}

/** ARENA_* variables the Arena servers inherit (e.g. ARENA_IO_PATH), as the header shows them. */
function serverEnvironment(): string {
  return Object.entries(process.env)
    .filter(([key]) => key.startsWith('ARENA_') && key !== 'ARENA_ADMIN_TOKEN')
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

/** The environment less ROOM_SIZE: only --room-size decides whether the peers run many rooms. */
function withoutRoomSize(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { ROOM_SIZE: _ignored, ...rest } = env;
  return rest;
}

/** Where a peer's run.sh lives: this repo's bench/peers for its own peers, else --peers-dir. */
export function peerDir(o: BenchOptions, repoRoot: string, system: string): string {
  return REPO_PEERS.includes(system) ? join(repoRoot, 'bench', 'peers') : o.peersDir;
}

async function runPeer(
  o: BenchOptions,
  repoRoot: string,
  job: Job,
  logs: string,
  isFirst: boolean,
): Promise<Record<string, unknown>> {
  const dir = peerDir(o, repoRoot, job.system);
  const result = await runBounded(
    ['bash', join(dir, 'run.sh'), job.system, String(job.n), String(job.tickHz), String(o.durationS)],
    {
      cwd: dir,
      // The first run of a peer may install its packages (npm ci).
      timeoutMs: (o.durationS + o.warmupS + (isFirst ? 600 : 240)) * 1000,
      env: {
        ...withoutRoomSize(process.env),
        WARMUP_S: String(o.warmupS),
        K: String(o.observers),
        LOGDIR: logs,
        ...(o.roomSize === undefined ? {} : { ROOM_SIZE: String(o.roomSize) }),
        // Free ports, so runs never collide with anyone else's peer servers on the defaults.
        PORT: String(await freePort()),
        STATS_PORT: String(await freePort()),
      },
    },
  );
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.code !== 0 || !last.startsWith('{')) {
    throw new Error(
      `run.sh ${job.system} exited ${result.code ?? result.signal}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
  const row = JSON.parse(last) as Record<string, unknown>;
  // geckos has no other path: a bot that counts as connected is on its DataChannel
  const datagram = job.system === 'geckos' ? { transport: 'datagram', datagram_clients: row.connected } : {};
  return { ...row, bot_cores: 1, ...datagram };
}

async function runArenaFindMax(
  o: BenchOptions,
  repoRoot: string,
  dir: string,
  logs: string,
  log: (line: string) => void,
): Promise<string> {
  log(`find-max: ${arenaSystem(o, o.strategies[0])} at T=${o.refTick}`);
  const server = await ArenaServerProcess.start({
    repoRoot,
    port: o.port,
    cpu: SERVER_CPU,
    logFile: join(logs, 'find-max.server.log'),
  });
  try {
    const result = await runBounded(
      [
        ...pinTo(BOTS_CPU),
        process.execPath,
        '--import',
        'tsx',
        'packages/loadtest/src/main.ts',
        '--url',
        server.url,
        '--find-max',
        '--tick',
        String(o.refTick),
        '--start',
        '100',
        '--duration',
        String(o.durationS),
        '--warmup',
        String(o.warmupS),
        '--workers',
        '1',
        '--out-dir',
        dir,
        '--name',
        'find-max',
        '--quiet',
        ...(o.strategies[0] === undefined ? [] : ['--strategy', o.strategies[0]]),
      ],
      { cwd: repoRoot, timeoutMs: 20 * (o.durationS + o.warmupS + 60) * 1000 },
    );
    await writeFile(join(logs, 'find-max.bots.log'), `${result.stdout}\n${result.stderr}`);
    if (result.code !== 0) {
      const why = result.stderr.trim().split('\n').at(-1) ?? '';
      throw new Error(
        `find-max exited ${result.code ?? result.signal}${result.timedOut ? ' (timed out)' : ''}: ${why}`,
      );
    }
    const text = result.stdout.trim();
    log(text);
    return ['## Arena find-max', '', '```', text, '```', ''].join('\n');
  } catch (error) {
    log(`find-max failed: ${(error as Error).message}`);
    return '';
  } finally {
    await server.stop();
  }
}
