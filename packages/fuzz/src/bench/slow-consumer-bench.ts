import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ArenaServer, createArenaServer, type Room } from '@arena/server';

export interface SlowConsumerBenchOptions {
  /** Players on WebSockets in each room, besides the reader or the slow consumer. @default 20 */
  readonly players?: number;
  /**
   * Seats in each room held by in-process stand-ins that never send, to make snapshots big (full
   * strategy) so a client that stops reading fills its kernel buffers in seconds. @default 600
   */
  readonly fillers?: number;
  /** Ticks measured per room and round. @default 3000 */
  readonly ticks?: number;
  /** Rounds (a fresh server each). @default 3 */
  readonly rounds?: number;
}

export interface TickStats {
  readonly ticks: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}

export interface RoundResult {
  readonly baseline: TickStats;
  readonly slowConsumer: TickStats;
  /** p99 of the room with the slow consumer over p99 of the room without. */
  readonly ratio: number;
  /** Largest queue held for the slow socket (engine.io + ws buffers), bytes. */
  readonly maxSlowBacklogBytes: number;
  readonly snapshotsSkipped: number;
  readonly slowStillConnected: boolean;
  /** This process (the server) at the end of the round. */
  readonly rssMiB: number;
}

export interface SlowConsumerBenchReport {
  readonly players: number;
  readonly fillers: number;
  readonly tickRateHz: number;
  readonly rounds: readonly RoundResult[];
  /** Median over rounds of the p99 ratio; target <= 1.1. */
  readonly ratio: number;
}

const CLIENTS = fileURLToPath(new URL('./bench-clients.ts', import.meta.url));
const TICK_RATE_HZ = 60;
const READER_ROOM = 'reader';
const SLOW_ROOM = 'slow';

/**
 * Tick durations of two identical rooms ticking side by side in one server, one of which has a
 * client that stopped reading. Measuring both in the same window makes the comparison fair on a
 * busy machine: whatever else runs (GC, other processes) hits both alike. The players run in a
 * child process so their work never lands inside a tick. The slow consumer stays connected for
 * the whole run (slowConsumerMs is raised), the worst case: every snapshot meets its full queue
 * and is skipped.
 */
export async function runSlowConsumerBench(
  options: SlowConsumerBenchOptions = {},
): Promise<SlowConsumerBenchReport> {
  const players = options.players ?? 20;
  const fillers = options.fillers ?? 600;
  const ticks = options.ticks ?? 3000;
  const rounds: RoundResult[] = [];
  for (let round = 0; round < (options.rounds ?? 3); round++)
    rounds.push(await runRound(players, fillers, ticks));
  const ratios = rounds.map((r) => r.ratio).sort((a, b) => a - b);
  const middle = (ratios.length - 1) / 2;
  return {
    players,
    fillers,
    tickRateHz: TICK_RATE_HZ,
    rounds,
    ratio: (ratios[Math.floor(middle)]! + ratios[Math.ceil(middle)]!) / 2,
  };
}

async function runRound(players: number, fillers: number, ticks: number): Promise<RoundResult> {
  const seats = players + 1 + fillers;
  const server = await createArenaServer({
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    clientDir: '',
    maxConnectionsPerIp: 0,
    ipJoinRatePerMin: 0,
    maxPlayersPerRoom: seats,
    slowConsumerMs: 600_000,
    // and no heartbeat timeout: a client that reads nothing never answers a ping either
    pingIntervalMs: 600_000,
    pingTimeoutMs: 600_000,
    // nor acknowledges a snapshot
    ackTimeoutMs: 0,
  });
  const url = await server.listen();
  const rooms = [READER_ROOM, SLOW_ROOM].map((id) => {
    const room = server.directory.create({
      id,
      mode: 'bench',
      strategy: 'full',
      tickRateHz: TICK_RATE_HZ,
      maxPlayers: seats,
    });
    if (!room.ok) throw new Error(room.error.message);
    for (let i = 0; i < fillers; i++) room.value.join(`filler${i}`, { send() {}, roomClosed() {} });
    return room.value;
  }) as [Room, Room];
  const clients = spawn(
    process.execPath,
    ['--import', 'tsx', CLIENTS, url, String(players), READER_ROOM, SLOW_ROOM],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    await ready(clients);
    // warm up (JIT), then wait until the slow socket's buffers are full and its snapshots skipped
    await waitTicks(rooms[0], 5 * TICK_RATE_HZ);
    for (let i = 0; i < 1200 && (await skippedSnapshots(server)) === 0; i++) await sleep(50);
    const skippedBefore = await skippedSnapshots(server);
    const [baseline, slow] = rooms.map(recordTickDurations) as [number[], number[]];
    let maxSlowBacklogBytes = 0;
    while (baseline.length < ticks || slow.length < ticks) {
      maxSlowBacklogBytes = Math.max(maxSlowBacklogBytes, largestBacklog(server));
      await sleep(50);
    }
    const baselineStats = summarise(baseline);
    const slowStats = summarise(slow);
    return {
      baseline: baselineStats,
      slowConsumer: slowStats,
      ratio: slowStats.p99Ms / baselineStats.p99Ms,
      maxSlowBacklogBytes,
      snapshotsSkipped: (await skippedSnapshots(server)) - skippedBefore,
      slowStillConnected: server.resources().sessions === 2 * (players + 1),
      rssMiB: Math.round(process.memoryUsage().rss / 1048576),
    };
  } finally {
    clients.kill('SIGKILL');
    await server.shutdown();
  }
}

/** Collects every tick duration of `room` from now on (alongside its own stats). */
function recordTickDurations(room: Room): number[] {
  const durations: number[] = [];
  const record = room.stats.recordTickDuration.bind(room.stats);
  room.stats.recordTickDuration = (ms: number) => {
    durations.push(ms);
    record(ms);
  };
  return durations;
}

function summarise(durations: readonly number[]): TickStats {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { ticks: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), p999Ms: at(0.999), maxMs: sorted.at(-1)! };
}

function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`bench clients exited (${code}) before they were ready`)));
    setTimeout(() => reject(new Error('bench clients not ready after 60 s')), 60_000).unref();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitTicks(room: Room, count: number): Promise<void> {
  const target = room.tickCount + count;
  while (room.tickCount < target) await sleep(50);
}

async function skippedSnapshots(server: ArenaServer): Promise<number> {
  const response = await server.app.inject({ method: 'GET', url: '/metrics' });
  const match = /^arena_snapshots_skipped_total (\S+)$/m.exec(response.body);
  return match === null ? 0 : Number(match[1]);
}

/** The largest outbound queue of any socket right now (engine.io buffer + ws buffer), bytes. */
function largestBacklog(server: ArenaServer): number {
  let largest = 0;
  for (const socket of server.io.of('/').sockets.values()) {
    const conn = socket.conn as unknown as {
      writeBuffer: { data?: { length?: number } }[];
      transport: { socket?: { bufferedAmount?: number } };
    };
    const engine = conn.writeBuffer.reduce((sum, packet) => sum + (packet.data?.length ?? 0), 0);
    largest = Math.max(largest, engine + (conn.transport.socket?.bufferedAmount ?? 0));
  }
  return largest;
}
