import type { TransportName } from '@arena/protocol';
import type { NetworkSpec } from '../bots/network-spec';
/** The run's configuration, as the report records it. */
export interface LoadTestConfig {
  /** Base URL of the server (HTTP; Socket.IO and /metrics live there); the first of `urls`. */
  readonly url: string;
  /**
   * Every server of the run (several nodes of a cluster): one room per URL ("<room>-1", ...), bots
   * spread over them in turn, figures summed. Unset or one URL: a single server and room `roomId`.
   */
  readonly urls?: readonly string[];
  /** Name reported as `system`. */
  readonly system: string;
  readonly roomId: string;
  readonly bots: number;
  readonly tickHz: number;
  /** Measurement window, s. */
  readonly durationS: number;
  /** Time between all bots joined and the window's start, s. */
  readonly warmupS: number;
  readonly observers: number;
  readonly workers: number;
  readonly sampleIntervalS: number;
  readonly connectConcurrency: number;
  readonly connectTimeoutS: number;
  /** Non-observer bots count raw frames instead of decoding (the peers' method). */
  readonly rawReceive: boolean;
  /** Create the room (bench mode) when the server has none of that id. */
  readonly createRoom: boolean;
  /** Snapshot strategy of a room the run creates (and checks on an existing one); server default if unset. */
  readonly strategy: string | undefined;
  /**
   * Bot-side simulated networks (SimulatedLink), given to the bots in turn; unset or empty: none.
   * Server-side shaping is a room option instead (`network` in POST /api/rooms).
   */
  readonly networks?: readonly NetworkSpec[];
  /** Inputs per message (batching; acks are timed from when each input was produced). @default 1 */
  readonly inputsPerMessage?: number;
  /** Tick-aligned input timing (bots/tick-aligned-inputs.ts) instead of free-running. @default false */
  readonly alignInputs?: boolean;
  /** "datagram": bots negotiate a DataChannel for snapshots and inputs (the room is created offering it). @default "websocket" */
  readonly transport?: TransportName;
  /**
   * Many rooms (SCENARIO.md): players per room S; the bots fill ceil(N / S) rooms "<roomId>-<k>"
   * in order. Unset: one room `roomId`. @default unset
   */
  readonly roomSize?: number;
  /** Seconds the bots keep playing after the window (the report is written first). @default 0 */
  readonly lingerS?: number;
}

/** One point of the time series: figures over the sample interval ending at `t_s`. */
export interface SeriesPoint {
  readonly t_s: number;
  readonly connected: number;
  readonly tick_hz: number | null;
  readonly tick_ms_p50: number | null;
  readonly tick_ms_p99: number | null;
  readonly server_cpu_pct: number | null;
  readonly bot_cpu_pct: number | null;
  readonly down_bytes_per_client_s: number | null;
  readonly bot_input_hz: number | null;
  readonly ack_ms_p50: number | null;
  readonly ack_ms_p99: number | null;
  readonly bot_loop_lag_p99_ms: number | null;
}

/**
 * One run's figures: the fields of ../shared/bench/SCENARIO.md (snake_case, the units in their
 * names) and the peers' extras under the same names, so a peer's JSON line and this sit side by
 * side, plus the run's configuration and its time series.
 */
export interface LoadTestReport {
  readonly system: string;
  readonly n: number;
  readonly tick_hz: number;
  readonly duration_s: number;
  /** The room's snapshot strategy and mode, as GET /api/rooms lists them. */
  readonly strategy: string;
  readonly room_mode: string;
  readonly connected: number;
  readonly observers: number;
  /** S of a many-rooms run; null for one room. */
  readonly room_size: number | null;
  /** Rooms the bots played in (1 for one room). */
  readonly rooms: number;
  /** With several rooms: the mean over the rooms of (room ticks / duration). */
  readonly achieved_tick_hz: number | null;
  /** The slowest room's ticks / duration (one room: achieved_tick_hz); "holds" is judged on it. */
  readonly worst_room_tick_hz: number | null;
  readonly tick_ms_p50: number | null;
  readonly tick_ms_p99: number | null;
  readonly server_cpu_pct: number | null;
  readonly cpu_us_per_client_tick: number | null;
  readonly down_bytes_per_client_s: number | null;
  readonly down_bytes_per_msg: number | null;
  readonly down_msgs_per_client_s: number | null;
  readonly observer_down_bytes_per_client_s: number | null;
  readonly ack_ms_p50: number | null;
  readonly ack_ms_p99: number | null;
  readonly ack_samples: number;
  /** Inputs carried by one client message (SCENARIO.md's batching rule): 1, no batching. */
  readonly inputs_per_message: number;
  /** When bots send their inputs: 'free-running' (SCENARIO.md's bots) or 'tick-aligned' (--align-inputs). */
  readonly input_timing: 'free-running' | 'tick-aligned';
  /** Set by --find-max; null for a single run. */
  readonly max_n_at_T: number | null;
  /** 0.9 x 1e6 / (cpu_us_per_client_tick x T): where this run's per-client cost puts the limit. */
  readonly max_n_estimate_from_cost: number | null;
  readonly holds: boolean;
  readonly bot_saturated: boolean;
  /** 'server' when the run does not hold T, 'bots' when the bot side saturated. */
  readonly limited_by: readonly ('server' | 'bots')[];
  readonly bot_cpu_pct: number | null;
  /** CPU cores the bots could use (100 % each in bot_cpu_pct). */
  readonly bot_cores: number;
  readonly bot_input_hz: number | null;
  readonly bot_loop_lag_p99_ms: number | null;
  readonly server_rss_mb: number | null;
  readonly server_loop_lag_p99_ms: number | null;
  readonly tick_overruns: number;
  readonly ticks_skipped: number;
  readonly server_inputs_applied_per_s: number | null;
  readonly server_inputs_dropped: number;
  /** The room's own 60 s sliding quantiles at the end (a cross-check of the histogram figures). */
  readonly room_tick_ms_p50: number | null;
  readonly room_tick_ms_p99: number | null;
  /** The highest of the rooms' own tick p99s (each over its last 1024 ticks) at the window's end. */
  readonly worst_room_tick_ms_p99: number | null;
  readonly errors: number;
  readonly error_samples: readonly string[];
  readonly connect_s: number | null;
  readonly node: string;
  readonly started_at: string;
  readonly config: LoadTestConfig;
  readonly series: readonly SeriesPoint[];
  /** Runs over several URLs: each server's own figures (the fields above sum or take the worst). */
  readonly nodes?: readonly NodeFigures[];
  /** Many rooms: each room's figures over the window. */
  readonly room_figures?: readonly RoomFigures[];
  /** Transport "datagram" only: how the bots' DataChannels fared (server's /metrics). */
  readonly transport?: TransportName;
  /** Clients on an open DataChannel at the window's end (the rest were on the WebSocket: errors). */
  readonly datagram_clients?: number;
  /** Channels the server opened and gave up on since it started (warm-up and retries included). */
  readonly datagram_channels_opened?: number;
  readonly datagram_channels_failed?: number;
  readonly datagrams_out_per_s?: number | null;
  /** Snapshots sent over the WebSocket in the window because they did not fit one datagram, per s. */
  readonly datagram_snapshots_oversized_per_s?: number | null;
}

/** One room's figures in a many-rooms run. */
export interface RoomFigures {
  readonly room: string;
  readonly bots: number;
  readonly tick_hz: number | null;
  /** The room's own p99 over its last 1024 ticks at the window's end. */
  readonly tick_ms_p99: number | null;
}

/** One server's figures in a run over several URLs. */
export interface NodeFigures {
  readonly url: string;
  readonly room: string;
  readonly bots: number;
  readonly achieved_tick_hz: number | null;
  readonly server_cpu_pct: number | null;
  readonly cpu_us_per_client_tick: number | null;
  readonly tick_ms_p99: number | null;
}

/**
 * Holds T: achieved >= 95 % of T with server CPU < 90 % (SCENARIO.md); with several rooms, the
 * slowest room's rate is the one judged.
 */
export function holdsTickRate(
  report: Pick<LoadTestReport, 'achieved_tick_hz' | 'server_cpu_pct' | 'tick_hz'> & {
    readonly worst_room_tick_hz?: number | null | undefined;
  },
): boolean {
  const tickHz = report.worst_room_tick_hz ?? report.achieved_tick_hz;
  return (
    tickHz !== null &&
    report.server_cpu_pct !== null &&
    tickHz >= 0.95 * report.tick_hz &&
    report.server_cpu_pct < 90
  );
}

/**
 * The bot side is saturated when its cores are >= 90 % busy or its bots send < 95 % of their
 * inputs. A bot sends T - 0.5 inputs/s, not T: about once a second it shifts its phase.
 */
export function botsSaturated(
  botCpuPct: number | null,
  botCores: number,
  inputHz: number | null,
  tickHz: number,
): boolean {
  const isCpuBound = botCpuPct !== null && botCpuPct >= 90 * botCores;
  const isShort = inputHz === null || inputHz < 0.95 * (tickHz - 0.5);
  return isCpuBound || isShort;
}

/** SCENARIO.md's extrapolation: the N at which the server would reach 90 % of one core. */
export function extrapolateMaxN(cpuUsPerClientTick: number | null, tickHz: number): number | null {
  if (cpuUsPerClientTick === null || cpuUsPerClientTick <= 0) return null;
  return Math.floor((0.9 * 1e6) / (cpuUsPerClientTick * tickHz));
}
