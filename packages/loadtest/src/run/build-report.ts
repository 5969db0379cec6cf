import type { RunTarget } from '../metrics/cluster-window';
import type { ManyRoomsWindow } from '../metrics/room-window';
import { type ServerScrape, type ServerWindow, serverWindow } from '../metrics/server-scrape';
import {
  botsSaturated,
  extrapolateMaxN,
  holdsTickRate,
  type LoadTestConfig,
  type LoadTestReport,
  type NodeFigures,
  type RoomFigures,
  type SeriesPoint,
} from '../report/load-test-report';
import { percentile, round } from '../report/stats';
import { playersInRoom } from './room-plan';
import type { RoomListing } from './room-setup';

/** What a run hands over to become its report. */
export interface ReportInputs {
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
  /** Many rooms (--room-size): each room's window. */
  readonly rooms: ManyRoomsWindow | undefined;
}

/** Each server's own figures over the measured window (bots were dealt round-robin). */
export function nodeFigures(
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

/** The report of one run: SCENARIO.md's figures from the server window and the bots' totals. */
export function buildReport(r: ReportInputs): LoadTestReport {
  const { config, server, totals } = r;
  const durationS = server.durationS;
  const clients = Math.max(1, r.connected);
  const observers = Math.min(config.observers, r.connected);
  const cpuUsPerClientTick =
    server.ticks > 0 ? (server.cpuSeconds * 1e6) / (config.bots * server.ticks) : undefined;
  const figures = {
    achieved_tick_hz: round(server.tickHz, 2),
    worst_room_tick_hz: round(r.rooms?.worstRoomTickHz ?? server.tickHz, 2),
    server_cpu_pct: round(server.cpuPct, 1),
    tick_hz: config.tickHz,
  };
  const botCpuPct = round((r.botCpuUs / (durationS * 1e6)) * 100, 1);
  const botInputHz = round(totals.inputsSent / clients / durationS, 2);
  const isBotSaturated = botsSaturated(botCpuPct, r.botCores, botInputHz, config.tickHz);
  const holds = holdsTickRate(figures);
  const ms = (s: number | undefined) => (s === undefined ? undefined : s * 1000);
  const datagram = config.transport === 'datagram' ? datagramFigures(r, durationS) : undefined;
  const errors =
    totals.errors + r.workerFailures + (config.bots - r.connected) + (datagram?.uncountedShortfall ?? 0);
  return {
    system: config.system,
    n: config.bots,
    duration_s: round(durationS, 2)!,
    strategy: r.room.strategy,
    room_mode: r.room.mode,
    connected: r.connected,
    observers,
    room_size: config.roomSize ?? null,
    rooms: r.rooms?.rooms.length ?? 1,
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
    worst_room_tick_ms_p99: round(
      r.rooms === undefined ? ms(r.end.roomTickP99Seconds) : r.rooms.worstRoomTickMsP99,
      3,
    ),
    errors,
    error_samples: [
      ...(r.connected < config.bots ? [`${config.bots - r.connected} bots did not join`] : []),
      // first, so the terminal summary (three samples) shows it
      ...(r.errorSamples.some((e) => e.includes('your address'))
        ? ['hint: every bot comes from this machine; start the server with --trusted-addresses 127.0.0.1,::1']
        : []),
      ...(datagram?.shortfallSample ?? []),
      ...r.errorSamples,
    ],
    connect_s: round(r.connectS, 1),
    node: process.version,
    started_at: r.startedAt,
    config,
    series: r.series,
    ...(r.nodes === undefined ? {} : { nodes: r.nodes }),
    ...(r.rooms === undefined ? {} : { room_figures: roomFigures(config, r.rooms) }),
    ...(datagram === undefined ? {} : datagram.fields),
  };
}

/**
 * The datagram run's figures from the server's /metrics. A bot that joined but had no open channel
 * at the window's end played over the WebSocket: it is an error of the run, never counted as a
 * datagram client. The bots already count each fallback they saw; a shortfall they did not report
 * (a channel still negotiating, say) is added so that the errors never read 0 beside it.
 */
export function datagramFigures(
  r: Pick<ReportInputs, 'connected' | 'end' | 'server' | 'totals'>,
  durationS: number,
): {
  fields: Pick<
    LoadTestReport,
    | 'transport'
    | 'datagram_clients'
    | 'datagram_channels_opened'
    | 'datagram_channels_failed'
    | 'datagrams_out_per_s'
    | 'datagram_snapshots_oversized_per_s'
  >;
  shortfallSample: string[];
  uncountedShortfall: number;
} {
  const clients = Math.min(r.end.datagram.clients, r.connected);
  const shortfall = r.connected - clients;
  return {
    fields: {
      transport: 'datagram',
      datagram_clients: clients,
      datagram_channels_opened: r.end.datagram.channelsOpened,
      datagram_channels_failed: r.end.datagram.channelsFailed,
      datagrams_out_per_s: round(r.server.datagramsOut / durationS, 1),
      datagram_snapshots_oversized_per_s: round(r.server.datagramSnapshotsOversized / durationS, 1),
    },
    shortfallSample:
      shortfall > 0
        ? [
            `${shortfall} of ${r.connected} bots were on the WebSocket at the window's end, not on a DataChannel`,
          ]
        : [],
    uncountedShortfall: Math.max(0, shortfall - r.totals.errors),
  };
}

function roomFigures(config: LoadTestConfig, window: ManyRoomsWindow): RoomFigures[] {
  return window.rooms.map((room, index) => ({
    room: room.id,
    bots: playersInRoom(index, config.bots, config.roomSize),
    tick_hz: round(room.tickHz, 2),
    tick_ms_p99: round(room.tickMsP99, 3),
  }));
}
