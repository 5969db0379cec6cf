import { parseArgs } from 'node:util';
import { integerFlag, secondsFlag } from '../cli/flag-values';
import type { ConnectionMode, HttpClient } from './http-load';
import { PROBE_NAMES, type ProbeName, type ProbeSettings } from './run-probes';
import { hasWrk } from './wrk-load';

/** Everything `pnpm bench:mixed` can be told. */
export interface ProbeCliOptions {
  readonly settings: ProbeSettings;
  /** Where the phase's JSON goes; undefined: not written. */
  readonly outFile: string | undefined;
  /** A phase's JSON taken earlier with no room running: the table compares this phase with it. */
  readonly baselineFile: string | undefined;
}

export const PROBE_USAGE = `Usage: pnpm bench:mixed [options]

Probes a running Arena server the way players and operators reach it besides the game: GET
/healthz and GET /api/rooms under concurrent clients, whole page loads, and a storm of Socket.IO
joins into a room of its own. Run it once with no room running (--out base.json) and once under
load (--baseline base.json) for the comparison table; pnpm bench --mixed does both by itself.

  --url URL               server base URL                                   default http://127.0.0.1:3000
  --phase LABEL           name of this phase in the output                  default probe
  --room ID               a room whose tick rate is read during each probe  default none
  --tick T                tick rate of the storm's room; the --room should hold 0.95 T   default 60
  --probes LIST           of healthz, api-rooms, page, storm                default all
  --connections LIST      HTTP connection modes: new (one per request: every request is accepted),
                          kept-alive (one per client)                        default new,kept-alive
  --http-clients C        concurrent HTTP clients                           default 50
  --http-seconds S        seconds of each HTTP load                         default 3
  --http-client C         auto, wrk or undici: what generates the HTTP load; auto takes wrk
                          (apt-get install wrk) when installed: a Node client tops out before
                          the server does and measures its own share of the core   default auto
  --storm-clients N       clients of the join storm                         default 500
  --storm-warmup N        joins just before the storm, not measured (both ends warm)   default 50
  --storm-concurrency C   joins in flight                                   default 20
  --storm-room ID         the storm's room (created if missing, bench mode) default storm
  --storm-timeout S       one join's limit                                  default 30
  --page-loads K          whole page loads, one after another               default 100
  --watch-pid PID         a process whose CPU is read during each probe (the bots)   default none
  --out FILE              write the phase's JSON here
  --baseline FILE         a no-room phase's JSON: print the comparison table with its targets
  --help                  this text

With ARENA_ADMIN_TOKEN set to the server's admin token, the storm's room is closed right after the
storm (else it closes when idle). A server that does not trust this address (--trusted-addresses)
rate-limits /api per address: those answers count as non-2xx (429), and joins as refusals.`;

function listFlag<T extends string>(flag: string, raw: string | undefined, known: readonly T[]): T[] {
  if (raw === undefined) return [...known];
  const values = [...new Set(raw.split(',').map((s) => s.trim()))];
  for (const value of values) {
    if (!known.includes(value as T))
      throw new Error(`--${flag}: "${value}" is not one of ${known.join(', ')}`);
  }
  return values as T[];
}

const ROOM_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** Parses and checks the flags; throws an Error with the reason, or returns 'help'. */
export function parseProbeArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ProbeCliOptions | 'help' {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const { values: v } = parseArgs({
    args: [...args],
    options: {
      url: { type: 'string' },
      phase: { type: 'string' },
      room: { type: 'string' },
      tick: { type: 'string' },
      probes: { type: 'string' },
      connections: { type: 'string' },
      'http-clients': { type: 'string' },
      'http-seconds': { type: 'string' },
      'http-client': { type: 'string' },
      'storm-clients': { type: 'string' },
      'storm-warmup': { type: 'string' },
      'storm-concurrency': { type: 'string' },
      'storm-room': { type: 'string' },
      'storm-timeout': { type: 'string' },
      'page-loads': { type: 'string' },
      'watch-pid': { type: 'string' },
      out: { type: 'string' },
      baseline: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (v.help) return 'help';
  const url = v.url ?? 'http://127.0.0.1:3000';
  if (!/^https?:\/\/[^/]+/.test(url)) throw new Error(`--url must be an http(s) URL, got "${url}"`);
  for (const [flag, id] of [
    ['room', v.room],
    ['storm-room', v['storm-room']],
  ] as const) {
    if (id !== undefined && (!ROOM_ID.test(id) || id === 'any'))
      throw new Error(`--${flag} must match [a-z0-9][a-z0-9-]{0,31} and not be "any", got "${id}"`);
  }
  const stormRoom = v['storm-room'] ?? 'storm';
  if (stormRoom === v.room)
    throw new Error('--storm-room must differ from --room: the storm has its own room');
  return {
    settings: {
      url,
      phase: v.phase ?? 'probe',
      watchRoom: v.room,
      tickHz: integerFlag('tick', v.tick, 60, 10, 128),
      probes: listFlag<ProbeName>('probes', v.probes, PROBE_NAMES),
      connections: listFlag<ConnectionMode>('connections', v.connections, ['new', 'kept-alive']),
      httpConcurrency: integerFlag('http-clients', v['http-clients'], 50, 1, 1000),
      httpSeconds: secondsFlag('http-seconds', v['http-seconds'], 3, 0.1, 600),
      httpClient: httpClientFlag(v['http-client']),
      stormClients: integerFlag('storm-clients', v['storm-clients'], 500, 1, 10_000),
      stormWarmupClients: integerFlag('storm-warmup', v['storm-warmup'], 50, 0, 10_000),
      stormConcurrency: integerFlag('storm-concurrency', v['storm-concurrency'], 20, 1, 1000),
      stormRoom,
      stormTimeoutMs: secondsFlag('storm-timeout', v['storm-timeout'], 30, 1, 600) * 1000,
      pageLoads: integerFlag('page-loads', v['page-loads'], 100, 1, 1000),
      watchPid:
        v['watch-pid'] === undefined ? undefined : integerFlag('watch-pid', v['watch-pid'], 0, 1, 2 ** 22),
      adminToken: env.ARENA_ADMIN_TOKEN,
    },
    outFile: v.out,
    baselineFile: v.baseline,
  };
}

/** --http-client: wrk when it is installed (auto), or the one named. */
function httpClientFlag(raw: string | undefined): HttpClient {
  const choice = raw ?? 'auto';
  if (choice === 'auto') return hasWrk() ? 'wrk' : 'undici';
  if (choice === 'undici') return 'undici';
  if (choice === 'wrk') {
    if (!hasWrk()) throw new Error('--http-client wrk: wrk is not installed (apt-get install wrk)');
    return 'wrk';
  }
  throw new Error(`--http-client must be auto, wrk or undici, got "${choice}"`);
}
