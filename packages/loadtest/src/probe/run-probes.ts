import { loadavg } from 'node:os';
import { scrapeServer } from '../metrics/server-scrape';
import { round } from '../report/stats';
import { ensureBenchRoom, listRooms } from '../run/room-setup';
import { type ConnectionMode, type HttpClient, type HttpLoadResult, httpLoad } from './http-load';
import { type JoinStormResult, joinStorm } from './join-storm';
import { type PageLoadResult, pageLoads } from './page-load';
import { processCpuSeconds } from './process-cpu';
import { wrkLoad } from './wrk-load';

export type ProbeName = 'healthz' | 'api-rooms' | 'page' | 'storm';
export const PROBE_NAMES: readonly ProbeName[] = ['healthz', 'api-rooms', 'page', 'storm'];

/** What one phase of probes is told. */
export interface ProbeSettings {
  readonly url: string;
  /** Label of the phase, e.g. "no-room" or "with-room". */
  readonly phase: string;
  /** A room whose tick rate is read over each probe (the reference room); undefined: none. */
  readonly watchRoom?: string | undefined;
  /** Tick rate of the storm's room, and the rate the watched room should hold, Hz. */
  readonly tickHz: number;
  readonly probes: readonly ProbeName[];
  readonly httpConcurrency: number;
  readonly httpSeconds: number;
  /** What generates the HTTP load: wrk (when installed) drives the server to its own limit from a fraction of a core. */
  readonly httpClient: HttpClient;
  readonly connections: readonly ConnectionMode[];
  readonly stormClients: number;
  /** Joins made just before the storm and not measured. */
  readonly stormWarmupClients: number;
  readonly stormConcurrency: number;
  readonly stormRoom: string;
  readonly stormTimeoutMs: number;
  readonly pageLoads: number;
  /** A process whose CPU is read over each probe (the bots sharing the probe's core). */
  readonly watchPid?: number | undefined;
  /** Admin token of the server: the storm's room is closed right after the storm. */
  readonly adminToken?: string | undefined;
}

/** What else happened while a probe ran. */
export interface ProbeContext {
  readonly seconds: number | null;
  /** Server process CPU over the probe (100 = one core), from its /metrics. */
  readonly server_cpu_pct: number | null;
  /** Ticks per second of the watched room over the probe; null without one. */
  readonly room_tick_hz: number | null;
  /** CPU of the watched process (the bots) over the probe; null without one. */
  readonly bot_cpu_pct: number | null;
  /** CPU of the probe process itself over the probe. */
  readonly probe_cpu_pct: number | null;
  /**
   * The machine's 1-minute load average when the probe started: well above its cores, other
   * processes took CPU from the server and the clients (a figure then says little of the server).
   */
  readonly load_1m?: number;
}

/** One probe's figures: `key` names it in tables ("healthz/new", "storm", ...). */
export type ProbeRecord = { readonly key: string; readonly context: ProbeContext } & (
  | { readonly probe: 'healthz' | 'api-rooms'; readonly result: HttpLoadResult }
  | { readonly probe: 'storm'; readonly result: JoinStormResult }
  | { readonly probe: 'page'; readonly result: PageLoadResult }
);

/** One phase's probes. */
export interface ProbePhaseReport {
  readonly phase: string;
  readonly url: string;
  readonly watched_room: string | null;
  readonly tick_hz: number;
  readonly started_at: string;
  /** What generated the HTTP loads. */
  readonly http_client?: HttpClient;
  readonly probes: readonly ProbeRecord[];
  /** Whether the storm's room was closed after it (an admin token is needed); null: no storm. */
  readonly storm_room_closed: boolean | null;
}

const HTTP_PATHS: Record<'healthz' | 'api-rooms', string> = {
  healthz: '/healthz',
  'api-rooms': '/api/rooms',
};
/** Pause between probes, so one probe's closing connections do not fall into the next. */
const SETTLE_MS = 500;

const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

async function measured<T>(
  s: ProbeSettings,
  run: () => Promise<T>,
): Promise<{ result: T; context: ProbeContext }> {
  const scrape = () => scrapeServer(s.url, s.watchRoom ?? '', 10_000);
  const load1m = loadavg()[0]!;
  const before = await scrape();
  const bot0 = s.watchPid === undefined ? undefined : processCpuSeconds(s.watchPid);
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await run();
  const seconds = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(own0);
  const bot1 = s.watchPid === undefined ? undefined : processCpuSeconds(s.watchPid);
  const after = await scrape();
  const wallS = Math.max(1e-6, (after.atMs - before.atMs) / 1000);
  const roomTicks = (scrapeOf: typeof before) =>
    s.watchRoom === undefined ? undefined : scrapeOf.roomFigures.get(s.watchRoom)?.ticks;
  const ticks0 = roomTicks(before);
  const ticks1 = roomTicks(after);
  return {
    result,
    context: {
      seconds: round(seconds, 2),
      server_cpu_pct: round(((after.cpuSeconds - before.cpuSeconds) / wallS) * 100, 1),
      room_tick_hz: ticks0 === undefined || ticks1 === undefined ? null : round((ticks1 - ticks0) / wallS, 2),
      bot_cpu_pct:
        bot0 === undefined || bot1 === undefined ? null : round(((bot1 - bot0) / seconds) * 100, 1),
      probe_cpu_pct: round(((own.user + own.system) / 1e6 / seconds) * 100, 1),
      load_1m: round(load1m, 2)!,
    },
  };
}

/** Closes the storm's room with the admin API and waits until it is gone; false when it cannot. */
async function closeRoom(url: string, roomId: string, adminToken: string | undefined): Promise<boolean> {
  if (adminToken === undefined || adminToken === '') return false;
  const response = await fetch(new URL(`/api/rooms/${encodeURIComponent(roomId)}`, url), {
    method: 'DELETE',
    headers: { authorization: `Bearer ${adminToken}` },
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) return false;
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    if (!(await listRooms(url)).some((room) => room.id === roomId)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Runs the chosen probes against one server, one after another: HTTP loads on /healthz and
 * /api/rooms (each connection mode), page loads, then the join storm in a room of its own (created
 * for it, closed after it when an admin token is given). Around each, the server's CPU, the
 * watched room's ticks and the watched process's CPU are read.
 */
export async function runProbes(s: ProbeSettings, log: (line: string) => void): Promise<ProbePhaseReport> {
  const startedAt = new Date().toISOString();
  const probes: ProbeRecord[] = [];
  for (const probe of ['healthz', 'api-rooms'] as const) {
    if (!s.probes.includes(probe)) continue;
    for (const connections of s.connections) {
      log(`${s.phase}: GET ${HTTP_PATHS[probe]}, ${s.httpConcurrency} clients, ${connections} connections`);
      const { result, context } = await measured(s, () =>
        (s.httpClient === 'wrk' ? wrkLoad : httpLoad)({
          url: new URL(HTTP_PATHS[probe], s.url).href,
          concurrency: s.httpConcurrency,
          durationS: s.httpSeconds,
          connections,
        }),
      );
      probes.push({ key: `${probe}/${connections}`, probe, result, context });
      await settle();
    }
  }
  if (s.probes.includes('page')) {
    log(`${s.phase}: ${s.pageLoads} page loads`);
    const { result, context } = await measured(s, () => pageLoads(s.url, s.pageLoads));
    probes.push({ key: 'page', probe: 'page', result, context });
    await settle();
  }
  let stormRoomClosed: boolean | null = null;
  if (s.probes.includes('storm')) {
    log(`${s.phase}: ${s.stormClients} joins, ${s.stormConcurrency} in flight, room "${s.stormRoom}"`);
    await ensureBenchRoom(s.url, s.stormRoom, s.tickHz, s.stormClients, true);
    const storm = {
      url: s.url,
      roomId: s.stormRoom,
      concurrency: s.stormConcurrency,
      timeoutMs: s.stormTimeoutMs,
    };
    // Unmeasured joins first, so that both ends' join paths are compiled before the clock starts:
    // each phase is a new probe process, and the first phase meets a fresh server too.
    if (s.stormWarmupClients > 0) await joinStorm({ ...storm, clients: s.stormWarmupClients });
    const { result, context } = await measured(s, () => joinStorm({ ...storm, clients: s.stormClients }));
    probes.push({ key: 'storm', probe: 'storm', result, context });
    stormRoomClosed = await closeRoom(s.url, s.stormRoom, s.adminToken);
  }
  return {
    phase: s.phase,
    url: s.url,
    watched_room: s.watchRoom ?? null,
    tick_hz: s.tickHz,
    started_at: startedAt,
    http_client: s.httpClient,
    probes,
    storm_room_closed: stormRoomClosed,
  };
}
