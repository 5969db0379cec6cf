import { bucketDelta, histogramQuantile } from './histogram-quantile';
import { type HistogramBucket, MetricSet } from './prometheus-text';

/** What the load test reads from one GET /metrics: cumulative counters and gauges at `atMs`. */
export interface ServerScrape {
  /** performance.now() on the load-test side, halfway through the request. */
  readonly atMs: number;
  readonly cpuSeconds: number;
  /** Ticks of the room under test (arena_room_ticks_total{room}); all rooms when it has none. */
  readonly roomTicks: number;
  readonly ticks: number;
  readonly tickBuckets: readonly HistogramBucket[];
  readonly overruns: number;
  readonly skipped: number;
  readonly players: number;
  readonly clients: number;
  readonly rooms: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly messagesIn: number;
  readonly messagesOut: number;
  readonly inputsApplied: number;
  readonly inputsDropped: number;
  readonly refused: number;
  readonly eventLoopLagP99Seconds: number | undefined;
  readonly rssBytes: number | undefined;
  /** The room's 60 s sliding tick-duration quantiles, seconds. */
  readonly roomTickP50Seconds: number | undefined;
  readonly roomTickP99Seconds: number | undefined;
  /** Every open room's ticks and 1024-tick quantiles, by room id (the many-rooms figures). */
  readonly roomFigures: ReadonlyMap<string, RoomScrape>;
  /** Datagram path: clients on it now, channels opened and failed so far, snapshots too big for one. */
  readonly datagram: DatagramScrape;
}

/** The datagram transport's gauges and counters in one scrape (all 0 on a server without it). */
export interface DatagramScrape {
  /** arena_clients_by_path{path="datagram"}: clients whose channel is open now. */
  readonly clients: number;
  readonly channelsOpened: number;
  readonly channelsFailed: number;
  readonly datagramsOut: number;
  /** Snapshots sent over the WebSocket because they did not fit one datagram. */
  readonly snapshotsOversized: number;
}

/** One room's figures in one scrape. */
export interface RoomScrape {
  /** arena_room_ticks_total{room}: cumulative. */
  readonly ticks: number;
  /** The room's own tick-duration quantiles over its last 1024 ticks, seconds. */
  readonly tickP50Seconds: number | undefined;
  readonly tickP99Seconds: number | undefined;
}

const REQUIRED = ['arena_ticks_total', 'arena_tick_duration_seconds_bucket', 'process_cpu_seconds_total'];

/** Reads the figures of a parsed exposition; throws when the server does not expose Arena metrics. */
export function readServerScrape(metrics: MetricSet, roomId: string, atMs: number): ServerScrape {
  for (const name of REQUIRED) {
    if (!metrics.has(name)) throw new Error(`GET /metrics has no ${name}: is this an Arena server?`);
  }
  const room = { room: roomId };
  const roomTicks = metrics.value('arena_room_ticks_total', room);
  return {
    atMs,
    cpuSeconds: metrics.sum('process_cpu_seconds_total'),
    roomTicks: roomTicks ?? metrics.sum('arena_ticks_total'),
    ticks: metrics.sum('arena_ticks_total'),
    tickBuckets: metrics.buckets('arena_tick_duration_seconds'),
    overruns: metrics.sum('arena_tick_overruns_total'),
    skipped: metrics.sum('arena_ticks_skipped_total'),
    players: metrics.sum('arena_players'),
    clients: metrics.sum('arena_clients'),
    rooms: metrics.sum('arena_rooms'),
    bytesIn: metrics.sum('arena_bytes_in_total'),
    bytesOut: metrics.sum('arena_bytes_out_total'),
    messagesIn: metrics.sum('arena_messages_in_total'),
    messagesOut: metrics.sum('arena_messages_out_total'),
    inputsApplied: metrics.sum('arena_inputs_applied_total'),
    inputsDropped: metrics.sum('arena_inputs_dropped_total'),
    refused: metrics.sum('arena_refused_total'),
    eventLoopLagP99Seconds: metrics.value('nodejs_eventloop_lag_p99_seconds'),
    rssBytes: metrics.value('process_resident_memory_bytes'),
    roomTickP50Seconds: metrics.value('arena_room_tick_duration_seconds', { ...room, quantile: '0.5' }),
    roomTickP99Seconds: metrics.value('arena_room_tick_duration_seconds', { ...room, quantile: '0.99' }),
    roomFigures: readRoomFigures(metrics),
    datagram: {
      clients: metrics.value('arena_clients_by_path', { path: 'datagram' }) ?? 0,
      channelsOpened: metrics.sum('arena_datagram_channels_opened_total'),
      channelsFailed: metrics.sum('arena_datagram_channels_failed_total'),
      datagramsOut: metrics.value('arena_datagrams_total', { direction: 'out' }) ?? 0,
      snapshotsOversized: metrics.sum('arena_datagram_snapshots_oversized_total'),
    },
  };
}

function readRoomFigures(metrics: MetricSet): Map<string, RoomScrape> {
  const figures = new Map<string, RoomScrape>();
  for (const sample of metrics.select('arena_room_ticks_total')) {
    const id = sample.labels.room;
    if (id === undefined) continue;
    const quantile = (q: string) =>
      metrics.value('arena_room_tick_duration_seconds', { room: id, quantile: q });
    figures.set(id, {
      ticks: sample.value,
      tickP50Seconds: quantile('0.5'),
      tickP99Seconds: quantile('0.99'),
    });
  }
  return figures;
}

/** GET {baseUrl}/metrics, parsed. */
export async function scrapeServer(baseUrl: string, roomId: string, timeoutMs = 5000): Promise<ServerScrape> {
  const sentAt = performance.now();
  const response = await fetch(new URL('/metrics', baseUrl), { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const atMs = (sentAt + performance.now()) / 2;
  return readServerScrape(MetricSet.parse(text), roomId, atMs);
}

/** Server-side figures of the window between two scrapes. */
export interface ServerWindow {
  readonly durationS: number;
  readonly ticks: number;
  readonly tickHz: number;
  readonly tickMsP50: number | undefined;
  readonly tickMsP99: number | undefined;
  readonly cpuSeconds: number;
  /** 100 = one core busy for the whole window. */
  readonly cpuPct: number;
  readonly overruns: number;
  readonly skipped: number;
  readonly bytesOut: number;
  readonly messagesIn: number;
  readonly messagesOut: number;
  readonly inputsApplied: number;
  readonly inputsDropped: number;
  readonly refused: number;
  /** Datagrams sent, and snapshots that went over the WebSocket as too big for one, in the window. */
  readonly datagramsOut: number;
  readonly datagramSnapshotsOversized: number;
}

/** Figures for the window [a, b]: counter deltas, and tick percentiles from the bucket deltas. */
export function serverWindow(a: ServerScrape, b: ServerScrape): ServerWindow {
  const durationS = Math.max(1e-6, (b.atMs - a.atMs) / 1000);
  const ticks = b.roomTicks - a.roomTicks;
  const buckets = bucketDelta(a.tickBuckets, b.tickBuckets);
  const ms = (s: number | undefined) => (s === undefined ? undefined : s * 1000);
  const cpuSeconds = Math.max(0, b.cpuSeconds - a.cpuSeconds);
  return {
    durationS,
    ticks,
    tickHz: ticks / durationS,
    tickMsP50: ms(histogramQuantile(0.5, buckets)),
    tickMsP99: ms(histogramQuantile(0.99, buckets)),
    cpuSeconds,
    cpuPct: (cpuSeconds / durationS) * 100,
    overruns: b.overruns - a.overruns,
    skipped: b.skipped - a.skipped,
    bytesOut: b.bytesOut - a.bytesOut,
    messagesIn: b.messagesIn - a.messagesIn,
    messagesOut: b.messagesOut - a.messagesOut,
    inputsApplied: b.inputsApplied - a.inputsApplied,
    inputsDropped: b.inputsDropped - a.inputsDropped,
    refused: b.refused - a.refused,
    datagramsOut: b.datagram.datagramsOut - a.datagram.datagramsOut,
    datagramSnapshotsOversized: b.datagram.snapshotsOversized - a.datagram.snapshotsOversized,
  };
}
