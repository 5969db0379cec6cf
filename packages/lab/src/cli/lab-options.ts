import { parseArgs } from 'node:util';
import {
  integerFlag,
  NETWORK_SPEC_HELP,
  type NetworkSpec,
  parseNetworkSpecs,
  secondsFlag,
} from '@arena/loadtest';
import { SNAPSHOT_STRATEGIES, TICK_RATE_MAX_HZ, TICK_RATE_MIN_HZ } from '@arena/protocol';
import { LAB_TRANSPORTS, type LabTransport, type Rates } from '../grid/lab-grid';
import type { ReplayedMatch } from '../script/recorded-inputs';
import { LAB_SCRIPTS, LAB_STUDIES, type LabScript, STUDY_HELP } from './lab-studies';

/** Where the network of a cell is simulated. */
export type Shaping = 'bots' | 'server';

/** Everything `pnpm lab` can be told. */
export interface LabOptions {
  readonly strategies: readonly string[];
  readonly transports: readonly LabTransport[];
  readonly networks: readonly NetworkSpec[];
  readonly rates: readonly Rates[];
  /** Cells whose id contains every comma-separated term; undefined = all. */
  readonly only: string | undefined;
  /** Players per cell; every one is a probe running the client netcode. */
  readonly bots: number;
  readonly durationS: number;
  readonly warmupS: number;
  /** Seed of the room (map, spawns) and of every bot's input script. */
  readonly seed: number;
  readonly mode: 'arena' | 'bench';
  readonly shaping: Shaping;
  readonly fire: boolean;
  /** What the probes play: the walking script, or combat (they aim at each other and fire). */
  readonly script: LabScript;
  /** The named study whose defaults were taken (undefined: none). */
  readonly study: string | undefined;
  /** A match recording whose players' inputs the probes replay instead of scripts (its seed, mode and player count win). */
  readonly replayFile: string | undefined;
  /** The loaded match of `replayFile` (set by the runner). */
  readonly replay?: ReplayedMatch;
  /** Frames per second each probe renders (samples interpolation) at. */
  readonly fps: number;
  /** Repeats of a cell whose run failed or was disturbed by the machine. */
  readonly retries: number;
  readonly outDir: string;
  /** Keep each cell's recording beside the report (`<name>-recordings/`). */
  readonly keepRecordings: boolean;
  readonly name: string | undefined;
  readonly isQuiet: boolean;
}

export const LAB_DEFAULTS = Object.freeze({
  strategies: 'full,delta,delta+aoi',
  networks: 'lan,4g,bad-wifi,rtt150-loss2=75:0:2:0',
  rates: '60/30',
  bots: 16,
  durationS: 8,
  warmupS: 2,
  seed: 7,
  fps: 60,
  retries: 1,
});

export const LAB_USAGE = `Usage: pnpm lab [options]

Runs a grid of cells (snapshot strategy x simulated network x tick/snapshot rates) against real
Arena servers it starts on 127.0.0.1 (a fresh one per cell, pinned to CPU 0 while the lab and its
bots use CPU 1, where taskset exists). Every bot is a probe that runs the game client's netcode
(@arena/netcode) on a seeded input script, so every cell plays the same inputs. Each cell's room
is recorded and re-simulated afterwards for the ground truth. Writes one self-contained HTML
report and a JSON file with every figure.

  --study NAME          a named study: its grid and defaults, which other flags override
                        (transport: ${STUDY_HELP})
  --strategies LIST     snapshot strategies                    default ${LAB_DEFAULTS.strategies}
  --transports LIST     websocket,datagram: where snapshots, inputs and acks travel (a datagram cell's
                        room offers WebRTC datagrams and every probe negotiates a channel, one at a time)
                                                               default websocket
  --networks LIST       simulated networks; each is ${NETWORK_SPEC_HELP},
                        optionally labelled NAME=SPEC            default ${LAB_DEFAULTS.networks}
  --rates LIST          TICK/SNAPSHOT rate pairs, Hz            default ${LAB_DEFAULTS.rates}
  --only TERMS          only the cells whose id ("delta | 4g | 60/30") contains every comma-separated term
  --bots N              players (probes) per cell               default ${LAB_DEFAULTS.bots}
  --duration S          measured window per cell, seconds       default ${LAB_DEFAULTS.durationS}
  --warmup S            after every probe joined, before measuring   default ${LAB_DEFAULTS.warmupS}
  --seed N              room seed (map, spawn points) and input-script seed   default ${LAB_DEFAULTS.seed}
  --mode arena|bench    the game (walls, radius 16) or the reference scenario's open field   default arena
  --shaping bots|server where the network is simulated: on each probe's side (SimulatedLink), or by the
                        server on every connection of the room (the room's "network" option: WebSocket and
                        datagram channel alike)   default bots
  --fire                the scripts also fire (hits depend on timing, so cells then differ in more than timing)
  --script walk|combat  walk: seeded walking (default); combat: probes close in on each other, push into
                        walls and each other, aim at and fire on the nearest player they see, die and respawn
  --replay FILE         replay a recorded match (a room created with "record": true): one probe per player,
                        each sending that player's inputs in order; the recording's seed, mode and player
                        count replace --seed, --mode and --bots (use its tick rate in --rates for the same paths)
  --fps N               frames per second each probe draws at   default ${LAB_DEFAULTS.fps}
  --retries N           run a cell again when it failed, or when the machine disturbed it (the server
                        missed ticks, the probes drew late)     default ${LAB_DEFAULTS.retries}
  --out-dir DIR         where the report goes                   default bench/results/lab
  --keep-recordings     keep each cell's recording in <out-dir>/<name>-recordings/ (watch one in the browser
                        by copying it to the server's --recordings-dir, or replay it with --replay)
  --name NAME           report file base name                   default lab-<time>
  --quiet               no live progress
  --help                this text`;

const DEFAULT_OUT_DIR = new URL('../../../../bench/results/lab', import.meta.url).pathname;

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Reads `60/30,30/15`: each tick rate within the server's range, each snapshot rate at most its tick rate. */
export function parseRates(raw: string): Rates[] {
  const rates = list(raw).map((pair) => {
    const match = /^(\d+)\/(\d+)$/.exec(pair);
    const tickHz = Number(match?.[1]);
    const snapshotHz = Number(match?.[2]);
    if (
      match === null ||
      tickHz < TICK_RATE_MIN_HZ ||
      tickHz > TICK_RATE_MAX_HZ ||
      snapshotHz < 1 ||
      snapshotHz > tickHz
    ) {
      throw new Error(
        `--rates: "${pair}" is not TICK/SNAPSHOT with ${TICK_RATE_MIN_HZ} <= TICK <= ${TICK_RATE_MAX_HZ} and 1 <= SNAPSHOT <= TICK`,
      );
    }
    return { tickHz, snapshotHz };
  });
  if (rates.length === 0) throw new Error('--rates: no rate pair');
  return rates;
}

/** Parses and checks the flags; throws an Error with the reason, or returns 'help'. */
export function parseLabArgs(argv: readonly string[]): LabOptions | 'help' {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const { values: v } = parseArgs({
    args: [...args],
    options: {
      study: { type: 'string' },
      strategies: { type: 'string' },
      transports: { type: 'string' },
      script: { type: 'string' },
      networks: { type: 'string' },
      rates: { type: 'string' },
      only: { type: 'string' },
      bots: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      seed: { type: 'string' },
      mode: { type: 'string' },
      shaping: { type: 'string' },
      fire: { type: 'boolean' },
      replay: { type: 'string' },
      fps: { type: 'string' },
      retries: { type: 'string' },
      'out-dir': { type: 'string' },
      'keep-recordings': { type: 'boolean' },
      name: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (v.help) return 'help';
  const study = v.study === undefined ? undefined : LAB_STUDIES[v.study];
  if (v.study !== undefined && study === undefined) {
    throw new Error(`--study: unknown study "${v.study}" (known: ${Object.keys(LAB_STUDIES).join(', ')})`);
  }
  const strategies = list(v.strategies ?? study?.strategies ?? LAB_DEFAULTS.strategies);
  for (const strategy of strategies) {
    if (!SNAPSHOT_STRATEGIES.has(strategy)) {
      throw new Error(
        `--strategies: unknown strategy "${strategy}" (known: ${[...SNAPSHOT_STRATEGIES.keys()].join(', ')})`,
      );
    }
  }
  if (strategies.length === 0) throw new Error('--strategies: no strategy');
  const transports = list(v.transports ?? study?.transports ?? 'websocket');
  for (const transport of transports) {
    if (!LAB_TRANSPORTS.includes(transport as LabTransport)) {
      throw new Error(`--transports: unknown transport "${transport}" (known: ${LAB_TRANSPORTS.join(', ')})`);
    }
  }
  if (transports.length === 0 || new Set(transports).size !== transports.length) {
    throw new Error('--transports: name each transport once, at least one');
  }
  const script = v.script ?? study?.script ?? 'walk';
  if (!LAB_SCRIPTS.includes(script as LabScript)) {
    throw new Error(`--script must be one of ${LAB_SCRIPTS.join(', ')}, got "${script}"`);
  }
  const networks = parseNetworkSpecs(v.networks ?? study?.networks ?? LAB_DEFAULTS.networks);
  const labels = networks.map((network) => network.label);
  if (new Set(labels).size !== labels.length) throw new Error('--networks: each label may appear once');
  const mode = v.mode ?? 'arena';
  if (mode !== 'arena' && mode !== 'bench') throw new Error(`--mode must be arena or bench, got "${mode}"`);
  const shaping = v.shaping ?? 'bots';
  if (shaping !== 'bots' && shaping !== 'server') {
    throw new Error(`--shaping must be bots or server, got "${shaping}"`);
  }
  const name = v.name;
  if (name !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/.test(name)) {
    throw new Error(`--name must be a plain file name (letters, digits, . _ -), got "${name}"`);
  }
  return {
    strategies,
    transports: transports as LabTransport[],
    networks,
    rates: parseRates(v.rates ?? LAB_DEFAULTS.rates),
    only: v.only,
    bots: integerFlag('bots', v.bots, study?.bots ?? LAB_DEFAULTS.bots, 2, 64),
    durationS: secondsFlag('duration', v.duration, study?.durationS ?? LAB_DEFAULTS.durationS, 1, 600),
    warmupS: secondsFlag('warmup', v.warmup, LAB_DEFAULTS.warmupS, 0, 120),
    seed: integerFlag('seed', v.seed, LAB_DEFAULTS.seed, 0, 0xffff_ffff),
    mode,
    shaping,
    fire: v.fire === true,
    script: script as LabScript,
    study: v.study,
    replayFile: v.replay,
    fps: integerFlag('fps', v.fps, LAB_DEFAULTS.fps, 10, 240),
    retries: integerFlag('retries', v.retries, LAB_DEFAULTS.retries, 0, 5),
    outDir: v['out-dir'] ?? DEFAULT_OUT_DIR,
    keepRecordings: v['keep-recordings'] === true,
    name,
    isQuiet: v.quiet === true,
  };
}
