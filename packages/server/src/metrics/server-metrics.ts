import { Counter, collectDefaultMetrics, exponentialBuckets, Gauge, Histogram, Registry } from 'prom-client';
import { hasServerNodeFlags } from '../config/node-flags';
import type { RoomObserver, RoomTickReport } from '../rooms/room-observer';
import type { RoomInfo } from '../rooms/room-types';

/** Traffic as the sessions see it: Arena message payload bytes (WebSocket framing excluded). */
export interface TrafficObserver {
  messageIn(bytes: number): void;
  messageOut(bytes: number): void;
  /** A client message refused with this error code. */
  refused(code: string): void;
}

/**
 * Prometheus metrics of one server process (prom-client), served at GET /metrics. Besides the
 * Node defaults (process CPU, memory, event-loop lag), it counts ticks, their duration and
 * overruns, traffic, inputs, refusals, rooms and clients. Per-room series (tick duration
 * quantiles, ticks) carry a `room` label and are removed when the room closes.
 */
export class ServerMetrics implements RoomObserver, TrafficObserver {
  readonly registry = new Registry();
  private readonly tickDuration: Histogram;
  private readonly ticks: Counter;
  private readonly overruns: Counter;
  private readonly skipped: Counter;
  private readonly traffic = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };
  private readonly inputsAppliedTotal: Counter;
  private readonly inputsDroppedTotal: Counter;
  private readonly refusedTotal: Counter;
  private readonly rewinds: Histogram;

  constructor(source: {
    readonly rooms: () => readonly RoomInfo[];
    readonly clients: () => number;
    /** Each open room's ticks and tick durations, for the per-room series. */
    readonly roomTicks?: () => Iterable<RoomTickReport>;
    /** The transport's paths (transport/transport-stats.ts). */
    readonly transport?: TransportReport;
  }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    this.tickDuration = new Histogram({
      name: 'arena_tick_duration_seconds',
      help: 'Time spent inside one room tick (simulate + encode + send)',
      // 50 us .. ~190 ms in steps of 5 %: a load test reads a run's p50/p99 from two scrapes,
      // within 5 % of the exact sample percentile (one unlabelled histogram: 170 series is cheap)
      buckets: exponentialBuckets(0.00005, 1.05, 170),
      registers,
    });
    this.ticks = new Counter({ name: 'arena_ticks_total', help: 'Room ticks run', registers });
    this.overruns = new Counter({
      name: 'arena_tick_overruns_total',
      help: 'Ticks longer than their period',
      registers,
    });
    this.skipped = new Counter({
      name: 'arena_ticks_skipped_total',
      help: 'Ticks given up after a stall longer than the catch-up allowance',
      registers,
    });
    // Per-room series are read from the rooms when scraped: a labelled observe per tick (label
    // hashing, a t-digest) cost more than the rest of the tick's bookkeeping together.
    new Gauge({
      name: 'arena_room_tick_duration_seconds',
      help: 'Tick duration per room, quantiles over its last 1024 ticks',
      labelNames: ['room', 'quantile'],
      registers,
      collect() {
        this.reset();
        for (const room of source.roomTicks?.() ?? []) {
          for (const quantile of [0.5, 0.9, 0.99]) {
            this.set({ room: room.id, quantile: String(quantile) }, room.tickDurationMs(quantile) / 1000);
          }
        }
      },
    });
    new Counter({
      name: 'arena_room_ticks_total',
      help: 'Ticks run per room',
      labelNames: ['room'],
      registers,
      collect() {
        this.reset();
        for (const room of source.roomTicks?.() ?? []) this.inc({ room: room.id }, room.ticks);
      },
    });
    // Traffic is counted per message, tens of thousands of times a second: plain numbers,
    // handed to Prometheus only when scraped.
    const traffic = this.traffic;
    const scraped = (name: string, help: string, read: () => number) => {
      let reported = 0;
      return new Counter({
        name,
        help,
        registers,
        collect() {
          const value = read();
          this.inc(value - reported);
          reported = value;
        },
      });
    };
    scraped('arena_bytes_in_total', 'Arena message bytes received', () => traffic.bytesIn);
    scraped('arena_bytes_out_total', 'Arena message bytes sent', () => traffic.bytesOut);
    scraped('arena_messages_in_total', 'Arena messages received', () => traffic.messagesIn);
    scraped('arena_messages_out_total', 'Arena messages sent', () => traffic.messagesOut);
    const transport = source.transport;
    if (transport !== undefined) registerTransportMetrics(registers, transport);
    this.inputsAppliedTotal = new Counter({
      name: 'arena_inputs_applied_total',
      help: 'Inputs applied by rooms',
      registers,
    });
    this.inputsDroppedTotal = new Counter({
      name: 'arena_inputs_dropped_total',
      help: 'Inputs dropped: stale, duplicate, beyond the queue bound, or forged',
      registers,
    });
    this.rewinds = new Histogram({
      name: 'arena_lag_compensation_rewind_seconds',
      help: 'How far back lag-compensated shots were resolved',
      buckets: [0.016, 0.033, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25],
      registers,
    });
    this.refusedTotal = new Counter({
      name: 'arena_refused_total',
      help: 'Client messages refused, by error code',
      labelNames: ['code'],
      registers,
    });
    new Gauge({
      name: 'arena_single_threaded_gc',
      help: '1 when the process runs with the launch flags of node-flags.ts (V8 GC on the main thread only)',
      registers,
    }).set(hasServerNodeFlags() ? 1 : 0);
    new Gauge({
      name: 'arena_rooms',
      help: 'Rooms open',
      registers,
      collect() {
        this.set(source.rooms().length);
      },
    });
    new Gauge({
      name: 'arena_players',
      help: 'Players seated in rooms',
      registers,
      collect() {
        this.set(source.rooms().reduce((sum, room) => sum + room.players, 0));
      },
    });
    new Gauge({
      name: 'arena_bots',
      help: 'Server bots seated in rooms (not counted in arena_players)',
      registers,
      collect() {
        this.set(source.rooms().reduce((sum, room) => sum + (room.bots ?? 0), 0));
      },
    });
    new Gauge({
      name: 'arena_clients',
      help: 'Connected Socket.IO clients',
      registers,
      collect() {
        this.set(source.clients());
      },
    });
  }

  tick(_roomId: string, durationMs: number, isOverrun: boolean): void {
    const seconds = durationMs / 1000;
    this.tickDuration.observe(seconds);
    this.ticks.inc();
    if (isOverrun) this.overruns.inc();
  }

  ticksSkipped(_roomId: string, count: number): void {
    this.skipped.inc(count);
  }

  inputsApplied(count: number): void {
    if (count > 0) this.inputsAppliedTotal.inc(count);
  }

  inputDropped(): void {
    this.inputsDroppedTotal.inc();
  }

  shotRewound(rewindMs: number): void {
    this.rewinds.observe(rewindMs / 1000);
  }

  roomClosed(_roomId: string): void {
    // per-room series come from the open rooms at each scrape: a closed room's are gone with it
  }

  messageIn(bytes: number): void {
    this.traffic.messagesIn++;
    this.traffic.bytesIn += bytes;
  }

  messageOut(bytes: number): void {
    this.traffic.messagesOut++;
    this.traffic.bytesOut += bytes;
  }

  refused(code: string): void {
    this.refusedTotal.inc({ code });
  }

  /** The exposition text for GET /metrics. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** What the transport reports (transport/transport-stats.ts), read at scrape time. */
export interface TransportReport {
  readonly connections: Readonly<Record<'fast' | 'standard', number>>;
  readonly batchedSockets: number;
  readonly fallbacks: ReadonlyMap<string, number>;
}

function registerTransportMetrics(registers: Registry[], report: TransportReport): void {
  new Gauge({
    name: 'arena_connections',
    help: "Open player connections by path: fast (Arena's short path) or standard (Socket.IO's event path)",
    labelNames: ['path'],
    registers,
    collect() {
      for (const [path, count] of Object.entries(report.connections)) this.set({ path }, count);
    },
  });
  new Gauge({
    name: 'arena_batched_sockets',
    help: 'Player sockets libuv does not poll: their room reads them right before each tick (--io-path batched)',
    registers,
    collect() {
      this.set(report.batchedSockets);
    },
  });
  const reported = new Map<string, number>();
  new Counter({
    name: 'arena_transport_fallbacks_total',
    help: 'Connections that took the standard path because the fast path could not be used, by reason',
    labelNames: ['reason'],
    registers,
    collect() {
      for (const [reason, count] of report.fallbacks) {
        this.inc({ reason }, count - (reported.get(reason) ?? 0));
        reported.set(reason, count);
      }
    },
  });
}
