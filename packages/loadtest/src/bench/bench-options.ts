import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SNAPSHOT_STRATEGIES, TRANSPORT_NAMES, type TransportName } from '@arena/protocol';

/** Everything `pnpm bench` can be told. */
export interface BenchOptions {
  readonly durationS: number;
  readonly warmupS: number;
  /** Runs of the reference point (N=refN, T=refTick) per system, the matrix's own run included. */
  readonly repeat: number;
  readonly isMatrix: boolean;
  readonly ns: readonly number[];
  readonly ticks: readonly number[];
  readonly refN: number;
  readonly refTick: number;
  readonly observers: number;
  readonly withPeers: boolean;
  readonly peers: readonly string[];
  readonly peersDir: string;
  readonly withFindMax: boolean;
  readonly outDir: string;
  readonly port: number;
  /** Arena snapshot strategies to run at every point, each its own system; [undefined] = the server's default. */
  readonly strategies: readonly (string | undefined)[];
  /**
   * Arena transports to run at every point, each its own system: "websocket" is plain `arena` (or
   * `arena/<strategy>`), "datagram" adds `/datagram` (bots on WebRTC DataChannels). @default ['websocket']
   */
  readonly transports: readonly TransportName[];
  /** Only print the tables of these runs.jsonl files (pooled); run nothing. */
  readonly tableFiles: readonly string[];
  /** Many rooms of this many players (SCENARIO.md; ROOM_SIZE for the peers); undefined: one room. */
  readonly roomSize?: number | undefined;
  /** Probe HTTP, joins and the page with no room and then with the reference room running. */
  readonly isMixed?: boolean;
}

const REPO_ROOT = new URL('../../../../', import.meta.url).pathname;

export const BENCH_USAGE = `Usage: pnpm bench [options]

The reference scenario of ../shared/bench/SCENARIO.md against a fresh Arena server per run
(server pinned to CPU 0, bots to CPU 1 where taskset exists, one "bench" room, 127.0.0.1 only):
the matrix N x T, then the reference point N=200 T=60 repeated; results in bench/results/<time>/.

  --duration S       measured window per run, seconds            default 15
  --warmup S         warm-up per run after all bots joined        default 3
  --repeat R         runs of the reference point per system       default 3
  --ns LIST          matrix N values                              default 10,50,100,200,400
  --ticks LIST       matrix T values                              default 20,60
  --no-matrix        only the reference point, --repeat times
  --ref-n N          reference point N                            default 200
  --ref-tick T       reference point T                            default 60
  --observers K      observer bots per run                        default 10
  --peers            also run the peers (../shared/peers/run.sh) at every point, interleaved
  --peer-systems L   which peers                                  default colyseus,socketio-raw
                     (colyseus, colyseus-inline, socketio-raw from --peers-dir; geckos from this
                     repo's bench/peers/geckos, run by its own run.sh)
  --peers-dir DIR    the peers' folder                            default ../shared/peers
  --find-max         also search Arena's max N at the reference T (pnpm loadtest --find-max)
  --strategy LIST    Arena snapshot strategies, comma-separated   default the server's (delta)
                     (full, delta, delta+aoi); with several, each runs at every point
                     as its own system "arena/<strategy>", compared with the peers
  --transports LIST  Arena transports, comma-separated           default websocket
                     (websocket, datagram); datagram runs the bots with pnpm loadtest --transport
                     datagram (each negotiates a WebRTC DataChannel) as its own system
                     "arena/datagram" ("arena/<strategy>/datagram" with several strategies); a bot
                     whose channel does not open plays on over the WebSocket and counts as an error
  --room-size S      many rooms (SCENARIO.md "Many rooms"): N players in ceil(N/S) rooms of S, Arena
                     via pnpm loadtest --room-size, the peers via ROOM_SIZE=S; a run holds T when its
                     slowest room does; the tables add S, rooms, the worst room's ticks/s and tick p99
                     default one room
  --mixed            mixed load, at the reference point only: each Arena run probes its server with
                     no room (before the bots join) and again with the room running (the bots play on
                     after the window): GET /healthz and /api/rooms at 50 concurrent (new connection
                     per request, and kept alive), a storm of 500 Socket.IO joins (20 in flight) into
                     a room of its own, and whole page loads; table "Mixed load". Not with --room-size
  --port P           Arena server port (0: a free one per run)    default 0
  --out-dir DIR      results folder                               default bench/results
  --table FILES      run nothing: print the tables of these runs.jsonl files (comma-separated, pooled)
  --help             this text

Quick try: pnpm bench --no-matrix --repeat 1 --duration 3 --ref-n 50`;

function list(
  flag: string,
  raw: string | undefined,
  fallback: readonly number[],
  min: number,
  max: number,
): number[] {
  if (raw === undefined) return [...fallback];
  const values = raw.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < min || v > max)) {
    throw new Error(`--${flag} must be a comma-separated list of integers in ${min}..${max}, got "${raw}"`);
  }
  return values;
}

function number(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`--${flag} must be a number in ${min}..${max}, got "${raw}"`);
  }
  return value;
}

function strategyList(raw: string | undefined): (string | undefined)[] {
  if (raw === undefined) return [undefined];
  const names = [...new Set(raw.split(',').map((s) => s.trim()))];
  for (const name of names) {
    if (!SNAPSHOT_STRATEGIES.has(name))
      throw new Error(
        `--strategy: unknown strategy "${name}" (known: ${[...SNAPSHOT_STRATEGIES.keys()].join(', ')})`,
      );
  }
  return names;
}

/** Peers run by ../shared/peers/run.sh. */
export const SHARED_PEERS: readonly string[] = ['colyseus', 'socketio-raw', 'colyseus-inline'];
/** Peers kept in this repo, each in bench/peers/<name>/ with a run.sh of the shared one's shape. */
export const REPO_PEERS: readonly string[] = ['geckos'];

function transportList(raw: string | undefined): TransportName[] {
  if (raw === undefined) return ['websocket'];
  const names = [...new Set(raw.split(',').map((s) => s.trim()))];
  for (const name of names) {
    if (!TRANSPORT_NAMES.includes(name as TransportName))
      throw new Error(`--transports: unknown transport "${name}" (known: ${TRANSPORT_NAMES.join(', ')})`);
  }
  return names as TransportName[];
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions | 'help' {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const { values: v } = parseArgs({
    args: [...args],
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      repeat: { type: 'string' },
      ns: { type: 'string' },
      ticks: { type: 'string' },
      'no-matrix': { type: 'boolean' },
      'ref-n': { type: 'string' },
      'ref-tick': { type: 'string' },
      observers: { type: 'string' },
      peers: { type: 'boolean' },
      'peer-systems': { type: 'string' },
      'peers-dir': { type: 'string' },
      'find-max': { type: 'boolean' },
      strategy: { type: 'string' },
      transports: { type: 'string' },
      port: { type: 'string' },
      'out-dir': { type: 'string' },
      table: { type: 'string' },
      'room-size': { type: 'string' },
      mixed: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (v.help) return 'help';
  const peers = (v['peer-systems'] ?? 'colyseus,socketio-raw').split(',').map((s) => s.trim());
  for (const peer of peers) {
    if (!SHARED_PEERS.includes(peer) && !REPO_PEERS.includes(peer))
      throw new Error(`unknown peer "${peer}" (known: ${[...SHARED_PEERS, ...REPO_PEERS].join(', ')})`);
  }
  const roomSize = v['room-size'] === undefined ? undefined : number('room-size', v['room-size'], 1, 1, 1000);
  if (roomSize !== undefined && !Number.isInteger(roomSize))
    throw new Error('--room-size must be an integer');
  const isMixed = v.mixed === true;
  if (isMixed && roomSize !== undefined) {
    throw new Error('--mixed probes the one-room reference point: not with --room-size');
  }
  return {
    durationS: number('duration', v.duration, 15, 1, 600),
    warmupS: number('warmup', v.warmup, 3, 0, 60),
    repeat: number('repeat', v.repeat, 3, 1, 20),
    isMatrix: v['no-matrix'] !== true,
    ns: list('ns', v.ns, [10, 50, 100, 200, 400], 1, 1000),
    ticks: list('ticks', v.ticks, [20, 60], 10, 128),
    refN: number('ref-n', v['ref-n'], 200, 1, 1000),
    refTick: number('ref-tick', v['ref-tick'], 60, 10, 128),
    observers: number('observers', v.observers, 10, 0, 1000),
    withPeers: v.peers === true,
    peers,
    // absolute: the peers' run.sh works from a folder of its own
    peersDir: resolve(v['peers-dir'] ?? `${REPO_ROOT}../shared/peers`),
    withFindMax: v['find-max'] === true,
    outDir: resolve(v['out-dir'] ?? `${REPO_ROOT}bench/results`),
    port: number('port', v.port, 0, 0, 65535),
    strategies: strategyList(v.strategy),
    transports: transportList(v.transports),
    tableFiles: v.table === undefined ? [] : v.table.split(',').filter((f) => f !== ''),
    ...(roomSize === undefined ? {} : { roomSize }),
    ...(isMixed ? { isMixed } : {}),
  };
}

export { REPO_ROOT };
