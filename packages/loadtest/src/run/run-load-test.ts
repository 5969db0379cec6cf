import { availableParallelism } from 'node:os';
import type { BotOptions } from '../bots/bot';
import { BotPool, type PoolSample } from '../bots/bot-pool';
import { clusterWindow, type RunTarget, scrapeServers, worstScrape } from '../metrics/cluster-window';
import { type ServerScrape, type ServerWindow, serverWindow } from '../metrics/server-scrape';
import {
  botsSaturated,
  extrapolateMaxN,
  holdsTickRate,
  type LoadTestConfig,
  type LoadTestReport,
  type NodeFigures,
  type SeriesPoint,
} from '../report/load-test-report';
import { percentile, round } from '../report/stats';
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

/** The servers of a run and their rooms: one URL keeps `roomId`; several get "<roomId>-1", ... */
export function runTargets(config: LoadTestConfig): RunTarget[] {
  const urls = config.urls !== undefined && config.urls.length > 0 ? config.urls : [config.url];
  if (urls.length === 1) return [{ url: urls[0]!, roomId: config.roomId }];
  return urls.map((url, index) => {
    const suffix = `-${index + 1}`;
    return { url, roomId: `${config.roomId.slice(0, 32 - suffix.length)}${suffix}` };
  });
}

function botOptions(config: LoadTestConfig, targets: readonly RunTarget[]): BotOptions[] {
  const networks = config.networks ?? [];
  return Array.from({ length: config.bots }, (_, i) => ({
    ...(networks.length > 0
      ? { network: networks[i % networks.length]!.conditions, networkSeed: i + 1 }
      : {}),
    url: targets[i % targets.length]!.url,
    roomId: targets[i % targets.length]!.roomId,
    name: `bot${i}`,
    tickHz: config.tickHz,
    isObserver: i < config.observers,
    rawReceive: config.rawReceive,
    connectTimeoutMs: config.connectTimeoutS * 1000,
    inputsPerMessage: config.inputsPerMessage ?? 1,
    alignInputs: config.alignInputs === true,
  }));
}

/**
 * One load test: N bots join the room, send inputs at T for a warm-up and then a measured window,
 * while GET /metrics is scraped every sample interval. Server figures come from the metrics
 * (counter deltas, histogram bucket deltas), bot figures from the bots' own counters.
 */
export async function runLoadTest(
  config: LoadTestConfig,
  progress: RunProgress = SILENT_PROGRESS,
): Promise<LoadTestReport> {
  const startedAt = new Date().toISOString();
  const targets = runTargets(config);
  const seats = Math.ceil(config.bots / targets.length);
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
    let previous = await scrapeServers(targets);
    for (let s = 1; s <= config.warmupS; s++) {
      await sleepUntil(warmupStart + s * 1000);
      const scrape = await scrapeServers(targets);
      const w = clusterWindow(previous, scrape);
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
    const first = await scrapeServers(targets);
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
      const [scrape, sample] = await Promise.all([scrapeServers(targets), pool.sample()]);
      const cpuNow = process.cpuUsage();
      const w = clusterWindow(last, scrape);
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

    return buildReport({
      config,
      room,
      startedAt,
      connectS,
      connected: joined.connected,
      server: clusterWindow(first, last),
      end: worstScrape(last),
      nodes: targets.length > 1 ? nodeFigures(config, targets, first, last) : undefined,
      botCpuUs: cpu.user + cpu.system,
      botCores,
      totals,
      errorSamples: [...errorSamples, ...pool.workerFailures.map((e) => `worker: ${e.message}`)],
      latencies: allLatencies,
      windowLoopDelayP99Ms: lastSample?.windowLoopDelayP99Ms ?? 0,
      series,
      workerFailures: pool.workerFailures.length,
    });
  } finally {
    progress.end();
    await pool.stop();
  }
}

interface ReportInputs {
  readonly config: LoadTestConfig;
  readonly room: RoomListing;
  readonly startedAt: string;
  readonly connectS: number;
  readonly connected: number;
  readonly server: ServerWindow;
  readonly end: ServerScrape;
  readonly botCpuUs: number;
  readonly botCores: number;
  readonly totals: {
    bytes: number;
    observerBytes: number;
    frames: number;
    inputsSent: number;
    errors: number;
    disconnects: number;
  };
  readonly errorSamples: readonly string[];
  readonly latencies: readonly number[];
  readonly windowLoopDelayP99Ms: number;
  readonly series: readonly SeriesPoint[];
  readonly workerFailures: number;
  readonly nodes: NodeFigures[] | undefined;
}

/** Each server's own figures over the measured window (bots were dealt round-robin). */
function nodeFigures(
  config: LoadTestConfig,
  targets: readonly RunTarget[],
  first: readonly ServerScrape[],
  last: readonly ServerScrape[],
): NodeFigures[] {
  return targets.map((target, index) => {
    const w = serverWindow(first[index]!, last[index]!);
    const bots = Math.floor(config.bots / targets.length) + (index < config.bots % targets.length ? 1 : 0);
    const cost = w.ticks > 0 && bots > 0 ? (w.cpuSeconds * 1e6) / (bots * w.ticks) : undefined;
    return {
      url: target.url,
      room: target.roomId,
      bots,
      achieved_tick_hz: round(w.tickHz, 2),
      server_cpu_pct: round(w.cpuPct, 1),
      cpu_us_per_client_tick: round(cost, 2),
      tick_ms_p99: round(w.tickMsP99, 3),
    };
  });
}

function buildReport(r: ReportInputs): LoadTestReport {
  const { config, server, totals } = r;
  const durationS = server.durationS;
  const clients = Math.max(1, r.connected);
  const observers = Math.min(config.observers, r.connected);
  const cpuUsPerClientTick =
    server.ticks > 0 ? (server.cpuSeconds * 1e6) / (config.bots * server.ticks) : undefined;
  const figures = {
    achieved_tick_hz: round(server.tickHz, 2),
    server_cpu_pct: round(server.cpuPct, 1),
    tick_hz: config.tickHz,
  };
  const botCpuPct = round((r.botCpuUs / (durationS * 1e6)) * 100, 1);
  const botInputHz = round(totals.inputsSent / clients / durationS, 2);
  const isBotSaturated = botsSaturated(botCpuPct, r.botCores, botInputHz, config.tickHz);
  const holds = holdsTickRate(figures);
  const ms = (s: number | undefined) => (s === undefined ? undefined : s * 1000);
  const errors = totals.errors + r.workerFailures + (config.bots - r.connected);
  return {
    system: config.system,
    n: config.bots,
    duration_s: round(durationS, 2)!,
    strategy: r.room.strategy,
    room_mode: r.room.mode,
    connected: r.connected,
    observers,
    ...figures,
    tick_ms_p50: round(server.tickMsP50, 3),
    tick_ms_p99: round(server.tickMsP99, 3),
    cpu_us_per_client_tick: round(cpuUsPerClientTick, 2),
    down_bytes_per_client_s: round(totals.bytes / clients / durationS, 0),
    down_bytes_per_msg: round(totals.frames > 0 ? totals.bytes / totals.frames : undefined, 1),
    down_msgs_per_client_s: round(totals.frames / clients / durationS, 2),
    observer_down_bytes_per_client_s: round(
      observers > 0 ? totals.observerBytes / observers / durationS : undefined,
      0,
    ),
    ack_ms_p50: round(percentile(r.latencies, 50), 2),
    ack_ms_p99: round(percentile(r.latencies, 99), 2),
    ack_samples: r.latencies.length,
    inputs_per_message: config.inputsPerMessage ?? 1,
    input_timing: config.alignInputs === true ? 'tick-aligned' : 'free-running',
    max_n_at_T: null,
    max_n_estimate_from_cost: extrapolateMaxN(round(cpuUsPerClientTick, 2), config.tickHz),
    holds,
    bot_saturated: isBotSaturated,
    limited_by: [...(holds ? [] : (['server'] as const)), ...(isBotSaturated ? (['bots'] as const) : [])],
    bot_cpu_pct: botCpuPct,
    bot_cores: r.botCores,
    bot_input_hz: botInputHz,
    // Delay beyond the 10 ms sampling resolution, as the peers report it.
    bot_loop_lag_p99_ms: round(Math.max(0, r.windowLoopDelayP99Ms - 10), 2),
    server_rss_mb: round(r.end.rssBytes === undefined ? undefined : r.end.rssBytes / 1048576, 0),
    server_loop_lag_p99_ms: round(ms(r.end.eventLoopLagP99Seconds), 2),
    tick_overruns: server.overruns,
    ticks_skipped: server.skipped,
    server_inputs_applied_per_s: round(server.inputsApplied / durationS, 1),
    server_inputs_dropped: server.inputsDropped,
    room_tick_ms_p50: round(ms(r.end.roomTickP50Seconds), 3),
    room_tick_ms_p99: round(ms(r.end.roomTickP99Seconds), 3),
    errors,
    error_samples: [
      ...(r.connected < config.bots ? [`${config.bots - r.connected} bots did not join`] : []),
      // first, so the terminal summary (three samples) shows it
      ...(r.errorSamples.some((e) => e.includes('your address'))
        ? ['hint: every bot comes from this machine; start the server with --trusted-addresses 127.0.0.1,::1']
        : []),
      ...r.errorSamples,
    ],
    connect_s: round(r.connectS, 1),
    node: process.version,
    started_at: r.startedAt,
    config,
    series: r.series,
    ...(r.nodes === undefined ? {} : { nodes: r.nodes }),
  };
}
