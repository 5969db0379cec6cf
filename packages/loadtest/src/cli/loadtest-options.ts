import { parseArgs } from 'node:util';
import { TRANSPORT_NAMES, type TransportName } from '@arena/protocol';
import { NETWORK_SPEC_HELP, parseNetworkSpecs } from '../bots/network-spec';
import type { LoadTestConfig } from '../report/load-test-report';
import { defaultWorkers } from '../run/run-load-test';
import { integerFlag, secondsFlag } from './flag-values';

/** Everything `pnpm loadtest` can be told. */
export interface LoadTestCliOptions {
  readonly run: LoadTestConfig;
  readonly findMax:
    | {
        readonly startN: number;
        readonly maxN: number;
        readonly resolution: number;
        readonly retries: number;
      }
    | undefined;
  /** Folder for the JSON and HTML reports. */
  readonly outDir: string;
  /** Base name of the report files; default from system, N, T and the time. */
  readonly name: string | undefined;
  readonly isQuiet: boolean;
}

export const LOADTEST_USAGE = `Usage: pnpm loadtest [options]

Runs N headless bots against an Arena server, reads the server's figures from GET /metrics,
prints a summary and writes a JSON and a self-contained HTML report.

  --url URL               server base URL                          default http://127.0.0.1:3000
                          repeat it for a cluster: one room per URL (<room>-1, <room>-2, ...), bots spread
                          over them, the report sums them (holds only if every node holds T)
  --bots N                bots (players) to run                    default 50
  --tick T                tick rate of the room, Hz                default 60
  --duration S            measured window, seconds                 default 15
  --warmup S              after all bots joined, before measuring  default 3
  --observers K           bots that decode every snapshot and time acks   default 10
  --workers W             bot worker threads                       default one per 200 bots, <= cores
  --room ID               room to join (created in bench mode if missing)  default bench
  --room-size S           many rooms (SCENARIO.md): the bots fill ceil(N/S) rooms <room>-0, <room>-1, ...
                          of S (bot i in room floor(i/S), the last takes the remainder); observers on the
                          first bot of evenly spaced rooms; holds T when the slowest room does
                          default one room
  --no-create-room        fail instead of creating the room
  --strategy NAME         snapshot strategy of the room it creates  default the server's
  --system NAME           name reported as "system"                default arena
  --sample-interval S     seconds between /metrics scrapes (chart resolution)  default 1
  --connect-concurrency C joins in flight at once                  default 20
  --connect-timeout S     per-bot join timeout, seconds            default 30
  --full-decode           every bot decodes every message (default: non-observers count raw frames)
  --inputs-per-message K  send inputs in batches of K (each still produced once per tick period,
                          its ack timed from then: the batching delay shows)     default 1
  --align-inputs          send each input a short adaptive lead before the server's next tick (phase
                          read from snapshot arrivals) instead of at a free-running phase; a study
                          option for round trips under a tick period (not with --network); the
                          scenario's bots, and the peers', run free   default off
  --transport NAME        websocket, or datagram: each bot negotiates a WebRTC DataChannel
                          (node-datachannel) for its snapshots and inputs (each input with the 3
                          before it), staying on the WebSocket when it does not open (counted as an
                          error); the room it creates offers datagrams   default websocket
  --network SPEC[,SPEC]   simulate a network on each bot's side (after its join), the specs given to the
                          bots in turn; SPEC is ${NETWORK_SPEC_HELP}    default none
  --linger S              after the window, write the report, print "lingering" on stderr and keep
                          the bots playing S seconds more or until SIGTERM/SIGINT (pnpm bench --mixed
                          probes the server meanwhile)   default 0
  --find-max              search the largest N that holds T: ramp from --start, then bisect
  --start N               find-max: first N                        default 50
  --max-bots N            find-max: largest N tried                default 1000
  --resolution N          find-max: stop bisecting at this bracket width   default 10
  --retries N             find-max: repeats of a run that missed T at server CPU < 70 % (a stall)  default 1
  --out-dir DIR           where reports go                         default bench/results/loadtest
  --name NAME             report file base name                    default <system>-n<N>-t<T>-<time>
  --quiet                 no live progress
  --help                  this text`;

const DEFAULT_OUT_DIR = new URL('../../../../bench/results/loadtest', import.meta.url).pathname;

/** Parses and checks the flags; throws an Error with the reason, or returns 'help'. */
export function parseLoadTestArgs(argv: readonly string[]): LoadTestCliOptions | 'help' {
  // `pnpm loadtest -- --flag` passes the '--' through.
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const { values: v } = parseArgs({
    args: [...args],
    options: {
      url: { type: 'string', multiple: true },
      bots: { type: 'string' },
      tick: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      observers: { type: 'string' },
      workers: { type: 'string' },
      room: { type: 'string' },
      'room-size': { type: 'string' },
      linger: { type: 'string' },
      'no-create-room': { type: 'boolean' },
      strategy: { type: 'string' },
      system: { type: 'string' },
      'sample-interval': { type: 'string' },
      'connect-concurrency': { type: 'string' },
      'connect-timeout': { type: 'string' },
      'full-decode': { type: 'boolean' },
      network: { type: 'string' },
      'inputs-per-message': { type: 'string' },
      'align-inputs': { type: 'boolean' },
      transport: { type: 'string' },
      'find-max': { type: 'boolean' },
      start: { type: 'string' },
      'max-bots': { type: 'string' },
      resolution: { type: 'string' },
      retries: { type: 'string' },
      'out-dir': { type: 'string' },
      name: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (v.help) return 'help';
  const urls = v.url ?? ['http://127.0.0.1:3000'];
  for (const url of urls) {
    if (!/^https?:\/\/[^/]+/.test(url)) throw new Error(`--url must be an http(s) URL, got "${url}"`);
  }
  if (new Set(urls).size !== urls.length) throw new Error('each --url may be given once');
  const url = urls[0]!;
  const bots = integerFlag('bots', v.bots, 50, 1, 1000);
  const tickHz = integerFlag('tick', v.tick, 60, 10, 128);
  const durationS = secondsFlag('duration', v.duration, 15, 1, 3600);
  const roomId = v.room ?? 'bench';
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(roomId) || roomId === 'any') {
    throw new Error(`--room must match [a-z0-9][a-z0-9-]{0,31} and not be "any", got "${roomId}"`);
  }
  const inputsPerMessage = integerFlag('inputs-per-message', v['inputs-per-message'], 1, 1, 8);
  const alignInputs = v['align-inputs'] === true;
  if (alignInputs && inputsPerMessage > 1) {
    throw new Error(
      '--align-inputs times each input to the tick: it cannot be combined with --inputs-per-message',
    );
  }
  if (alignInputs && v.network !== undefined) {
    // docs/netcode.md, "Input timing": the lead only works while the round trip is under a tick
    throw new Error(
      '--align-inputs assumes a round trip shorter than a tick period (a LAN): not with --network yet',
    );
  }
  const transport = v.transport ?? 'websocket';
  if (!TRANSPORT_NAMES.includes(transport as TransportName)) {
    throw new Error(`--transport must be one of ${TRANSPORT_NAMES.join(', ')}, got "${transport}"`);
  }
  if (transport === 'datagram' && inputsPerMessage > 1) {
    throw new Error(
      '--transport datagram sends every input in its own datagram: not with --inputs-per-message',
    );
  }
  const roomSize =
    v['room-size'] === undefined ? undefined : integerFlag('room-size', v['room-size'], 1, 1, 1000);
  if (roomSize !== undefined && urls.length > 1) {
    throw new Error('--room-size runs many rooms on one server: give one --url');
  }
  const lingerS = secondsFlag('linger', v.linger, 0, 0, 3600);
  const isFindMax = v['find-max'] === true;
  if (isFindMax && lingerS > 0) throw new Error('--linger is for a single run, not --find-max');
  const maxN = integerFlag('max-bots', v['max-bots'], 1000, 1, 1000);
  return {
    run: {
      url,
      ...(urls.length > 1 ? { urls } : {}),
      system: v.system ?? 'arena',
      roomId,
      bots,
      tickHz,
      durationS,
      warmupS: secondsFlag('warmup', v.warmup, 3, 0, 600),
      observers: Math.min(bots, integerFlag('observers', v.observers, 10, 0, 1000)),
      workers: integerFlag('workers', v.workers, defaultWorkers(isFindMax ? maxN : bots), 1, 64),
      sampleIntervalS: secondsFlag('sample-interval', v['sample-interval'], 1, 0.2, 60),
      connectConcurrency: integerFlag('connect-concurrency', v['connect-concurrency'], 20, 1, 1000),
      connectTimeoutS: secondsFlag('connect-timeout', v['connect-timeout'], 30, 1, 600),
      rawReceive: v['full-decode'] !== true,
      createRoom: v['no-create-room'] !== true,
      strategy: v.strategy,
      ...(v.network === undefined ? {} : { networks: parseNetworkSpecs(v.network) }),
      inputsPerMessage,
      ...(alignInputs ? { alignInputs } : {}),
      ...(transport === 'datagram' ? { transport: 'datagram' as const } : {}),
      ...(roomSize === undefined ? {} : { roomSize }),
      ...(lingerS > 0 ? { lingerS } : {}),
    },
    findMax: isFindMax
      ? {
          startN: integerFlag('start', v.start, 50, 1, 1000),
          maxN,
          resolution: integerFlag('resolution', v.resolution, 10, 1, 1000),
          retries: integerFlag('retries', v.retries, 1, 0, 10),
        }
      : undefined,
    outDir: v['out-dir'] ?? DEFAULT_OUT_DIR,
    name: v.name,
    isQuiet: v.quiet === true,
  };
}
