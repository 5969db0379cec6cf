import { availableParallelism } from 'node:os';
import type { BotOptions } from '../bots/bot-options';
import { BotPool, type PoolSample } from '../bots/bot-pool';
import { clusterWindow, type RunTarget, scrapeServers, worstScrape } from '../metrics/cluster-window';
import { type ManyRoomsWindow, roomsWindow } from '../metrics/room-window';
import { type ServerScrape, type ServerWindow, scrapeServer } from '../metrics/server-scrape';
import type { LoadTestConfig, LoadTestReport, SeriesPoint } from '../report/load-test-report';
import { percentile, round } from '../report/stats';
import { buildReport, nodeFigures } from './build-report';
import { manyRoomIds, observerIndices, roomCount, roomOfBot } from './room-plan';
import { ensureBenchRoom, type RoomListing, waitRoomEmpty } from './room-setup';

/** Figures shown live while a run goes on. */
export interface LiveFigures {
  readonly connected: number;
  readonly tickHz?: number | null;
  readonly tickMsP99?: number | null;
  readonly serverCpuPct?: number | null;
  readonly downBytesPerClientS?: number | null;
  readonly ackMsP50?: number | null;
  readonly ackMsP99?: number | null;
}

export type RunPhase = 'connect' | 'warmup' | 'measure';

/** Where a run reports its progress (a terminal bar, plain lines, or nothing). */
export interface RunProgress {
  /** A phase starts; `total` is bots for 'connect', seconds otherwise. */
  phase(phase: RunPhase, total: number): void;
  update(done: number, figures: LiveFigures): void;
  note(line: string): void;
  end(): void;
}

export const SILENT_PROGRESS: RunProgress = { phase() {}, update() {}, note() {}, end() {} };

const sleepUntil = (atMs: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, atMs - performance.now())));

/** Every bot connects from one address, which a server's per-address limits are not made for. */
function rateLimitHint(reasons: string): string {
  return /RATE_LIMITED|too many connections/.test(reasons)
    ? ' (hint: start the server with ARENA_MAX_CONNECTIONS_PER_IP=0 ARENA_IP_JOIN_RATE=0 for load tests)'
    : '';
}

/** CPU cores this process may run on (honours taskset). */
export function usableCores(): number {
  return Math.max(1, availableParallelism());
}

/** Worker threads for `bots` when not given: one per ~200 bots, at most one per usable core. */
export function defaultWorkers(bots: number): number {
  return Math.max(1, Math.min(usableCores(), Math.ceil(bots / 200)));
}

/**
 * The servers of a run and their rooms: one URL keeps `roomId`; several get "<roomId>-1", ...;
 * many rooms (roomSize) are "<roomId>-0" .. "<roomId>-<rooms-1>" on the one URL.
 */
export function runTargets(config: LoadTestConfig): RunTarget[] {
  const urls = config.urls !== undefined && config.urls.length > 0 ? config.urls : [config.url];
  if (config.roomSize !== undefined) {
    if (urls.length > 1) throw new Error('many rooms (roomSize) run on one server: give one URL');
    const ids = manyRoomIds(config.roomId, roomCount(config.bots, config.roomSize));
    return ids.map((roomId) => ({ url: urls[0]!, roomId }));
  }
  if (urls.length === 1) return [{ url: urls[0]!, roomId: config.roomId }];
  return urls.map((url, index) => {
    const suffix = `-${index + 1}`;
    return { url, roomId: `${config.roomId.slice(0, 32 - suffix.length)}${suffix}` };
  });
}

function botOptions(config: LoadTestConfig, targets: readonly RunTarget[]): BotOptions[] {
  const networks = config.networks ?? [];
  const observers = observerIndices(config.bots, config.roomSize, config.observers);
  const targetOf = (i: number) =>
    targets[config.roomSize === undefined ? i % targets.length : roomOfBot(i, config.roomSize)]!;
  return Array.from({ length: config.bots }, (_, i) => ({
    ...(networks.length > 0
      ? { network: networks[i % networks.length]!.conditions, networkSeed: i + 1 }
      : {}),
    url: targetOf(i).url,
    roomId: targetOf(i).roomId,
    name: `bot${i}`,
    tickHz: config.tickHz,
    isObserver: observers.has(i),
    rawReceive: config.rawReceive,
    connectTimeoutMs: config.connectTimeoutS * 1000,
    inputsPerMessage: config.inputsPerMessage ?? 1,
    alignInputs: config.alignInputs === true,
    ...(config.transport === 'datagram' ? { transport: 'datagram' as const } : {}),
  }));
}

/** How a run reads its servers: once per server per sample, and its window over the run's rooms. */
interface RunMetrics {
  scrape(): Promise<ServerScrape[]>;
  window(a: readonly ServerScrape[], b: readonly ServerScrape[]): ServerWindow;
  /** Many rooms: each room's window; undefined otherwise. */
  rooms(a: readonly ServerScrape[], b: readonly ServerScrape[]): ManyRoomsWindow | undefined;
}

function runMetrics(config: LoadTestConfig, targets: readonly RunTarget[]): RunMetrics {
  if (config.roomSize === undefined) {
    return { scrape: () => scrapeServers(targets), window: clusterWindow, rooms: () => undefined };
  }
  // Many rooms share one server: one scrape carries every room's ticks.
  const roomIds = targets.map((target) => target.roomId);
  const rooms = (a: readonly ServerScrape[], b: readonly ServerScrape[]) =>
    roomsWindow(a[0]!, b[0]!, roomIds);
  return {
    scrape: async () => [await scrapeServer(targets[0]!.url, targets[0]!.roomId)],
    window: rooms,
    rooms,
  };
}

/**
 * One load test: N bots join the room, send inputs at T for a warm-up and then a measured window,
 * while GET /metrics is scraped every sample interval. Server figures come from the metrics
 * (counter deltas, histogram bucket deltas), bot figures from the bots' own counters.
 */
export async function runLoadTest(
  config: LoadTestConfig,
  progress: RunProgress = SILENT_PROGRESS,
  afterWindow?: (report: LoadTestReport) => Promise<void>,
): Promise<LoadTestReport> {
  const startedAt = new Date().toISOString();
  const targets = runTargets(config);
  const metrics = runMetrics(config, targets);
  const seats = config.roomSize ?? Math.ceil(config.bots / targets.length);
  const rooms: RoomListing[] = [];
  for (const target of targets) {
    rooms.push(
      await ensureBenchRoom(
        target.url,
        target.roomId,
        config.tickHz,
        seats,
        config.createRoom,
        config.strategy,
        config.transport,
      ),
    );
    if (!(await waitRoomEmpty(target.url, target.roomId, 10_000))) {
      progress.note(`room "${target.roomId}" still has players from elsewhere; they are in the figures`);
    }
  }
  const room = rooms[0]!;

  const pool = BotPool.start(botOptions(config, targets), config.workers, config.connectConcurrency);
  try {
    const connectStart = performance.now();
    progress.phase('connect', config.bots);
    const joined = await pool.waitReady(config.connectTimeoutS * 1000 + 5000, (connected) =>
      progress.update(connected, { connected }),
    );
    const connectS = (performance.now() - connectStart) / 1000;
    if (joined.connected === 0) {
      const sample = await pool.sample();
      const reasons = sample.errorSamples.join('; ') || 'no reason given';
      throw new Error(`no bot could join: ${reasons}${rateLimitHint(reasons)}`);
    }
    const joinErrors: string[] = [];
    if (joined.failed > 0) {
      joinErrors.push(...(await pool.sample()).errorSamples.slice(0, 3));
      const reasons = joinErrors.join('; ');
      progress.note(
        `${joined.failed} of ${config.bots} bots could not join: ${reasons}${rateLimitHint(reasons)}`,
      );
    }
    pool.startInputs();

    // Warm-up: show the server's figures, measure nothing.
    progress.phase('warmup', config.warmupS);
    const warmupStart = performance.now();
    let previous = await metrics.scrape();
    for (let s = 1; s <= config.warmupS; s++) {
      await sleepUntil(warmupStart + s * 1000);
      const scrape = await metrics.scrape();
      const w = metrics.window(previous, scrape);
      previous = scrape;
      progress.update(s, {
        connected: joined.connected,
        tickHz: w.tickHz,
        tickMsP99: w.tickMsP99,
        serverCpuPct: w.cpuPct,
      });
    }

    // The measured window.
    progress.phase('measure', config.durationS);
    pool.setMeasuring(true);
    const cpu0 = process.cpuUsage();
    const first = await metrics.scrape();
    const t0 = first[0]!.atMs;
    const botCores = Math.min(config.workers, usableCores());
    const series: SeriesPoint[] = [];
    const allLatencies: number[] = [];
    const totals = { bytes: 0, observerBytes: 0, frames: 0, inputsSent: 0, errors: 0, disconnects: 0 };
    const errorSamples: string[] = [...joinErrors];
    let lastSample: PoolSample | undefined;
    let last = first;
    let cpuLast = process.cpuUsage();
    const steps = Math.max(1, Math.round(config.durationS / config.sampleIntervalS));
    for (let k = 1; k <= steps; k++) {
      await sleepUntil(t0 + ((k * config.durationS) / steps) * 1000);
      const [scrape, sample] = await Promise.all([metrics.scrape(), pool.sample()]);
      const cpuNow = process.cpuUsage();
      const w = metrics.window(last, scrape);
      const botCpuPct =
        ((cpuNow.user - cpuLast.user + cpuNow.system - cpuLast.system) / (w.durationS * 1e6)) * 100;
      const perClient = sample.connected > 0 ? sample.connected : 1;
      const point: SeriesPoint = {
        t_s: round((scrape[0]!.atMs - t0) / 1000, 2)!,
        connected: sample.connected,
        tick_hz: round(w.tickHz, 2),
        tick_ms_p50: round(w.tickMsP50, 3),
        tick_ms_p99: round(w.tickMsP99, 3),
        server_cpu_pct: round(w.cpuPct, 1),
        bot_cpu_pct: round(botCpuPct, 1),
        down_bytes_per_client_s: round(sample.bytes / perClient / w.durationS, 0),
        bot_input_hz: round(sample.inputsSent / perClient / w.durationS, 2),
        ack_ms_p50: round(percentile(sample.ackLatenciesMs, 50), 2),
        ack_ms_p99: round(percentile(sample.ackLatenciesMs, 99), 2),
        bot_loop_lag_p99_ms: round(Math.max(0, sample.loopDelayP99Ms - 10), 2),
      };
      series.push(point);
      for (const ms of sample.ackLatenciesMs) allLatencies.push(ms);
      totals.bytes += sample.bytes;
      totals.observerBytes += sample.observerBytes;
      totals.frames += sample.frames;
      totals.inputsSent += sample.inputsSent;
      totals.errors += sample.errors;
      totals.disconnects += sample.disconnects;
      for (const e of sample.errorSamples) if (errorSamples.length < 10) errorSamples.push(e);
      last = scrape;
      cpuLast = cpuNow;
      lastSample = sample;
      progress.update(Math.min(config.durationS, (scrape[0]!.atMs - t0) / 1000), {
        connected: sample.connected,
        tickHz: w.tickHz,
        tickMsP99: w.tickMsP99,
        serverCpuPct: w.cpuPct,
        downBytesPerClientS: point.down_bytes_per_client_s,
        ackMsP50: point.ack_ms_p50,
        ackMsP99: point.ack_ms_p99,
      });
    }
    pool.setMeasuring(false);
    const cpu = process.cpuUsage(cpu0);
    progress.end();

    const report = buildReport({
      config,
      room,
      startedAt,
      connectS,
      connected: joined.connected,
      server: metrics.window(first, last),
      end: worstScrape(last),
      nodes:
        targets.length > 1 && config.roomSize === undefined
          ? nodeFigures(config, targets, first, last)
          : undefined,
      rooms: metrics.rooms(first, last),
      botCpuUs: cpu.user + cpu.system,
      botCores,
      totals,
      errorSamples: [...errorSamples, ...pool.workerFailures.map((e) => `worker: ${e.message}`)],
      latencies: allLatencies,
      windowLoopDelayP99Ms: lastSample?.windowLoopDelayP99Ms ?? 0,
      series,
      workerFailures: pool.workerFailures.length,
    });
    // The bots play on while the caller works (e.g. a probe of the server under load).
    await afterWindow?.(report);
    return report;
  } finally {
    progress.end();
    await pool.stop();
  }
}
