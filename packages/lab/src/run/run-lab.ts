import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { codeVersion, fileStamp, hasTaskset, releaseDatagramLibrary, writeReports } from '@arena/loadtest';
import type { LabOptions } from '../cli/lab-options';
import { buildGrid, filterGrid, type LabCell } from '../grid/lab-grid';
import { labHtml } from '../report/lab-html';
import { type LabReport, toCellReport } from '../report/lab-report';
import { replayedMatch } from '../script/recorded-inputs';
import { disturbances } from '../stats/disturbance';
import { readLabRecording } from '../truth/recording-file';
import { type CellProgress, type CellResult, cellBoundS, runCell, SERVER_CPU } from './run-cell';

/** The CPU the lab process (and so every probe) runs on while servers use SERVER_CPU. */
export const LAB_CPU = 1;

/** A cell's final run, with how many it took and what disturbed it. */
export interface LabCellRun {
  readonly result: CellResult;
  readonly attempts: number;
  readonly disturbed: readonly string[];
  /** 1-minute load average when the final run started. */
  readonly load1m: number;
}

/** What the lab prints while it runs. */
export interface LabLog {
  line(text: string): void;
  /** A line that the next one replaces on a terminal (live figures). */
  status(text: string): void;
}

/**
 * Pins this process (all its threads) to LAB_CPU with taskset, so the probes never compete with
 * the server on its core. Returns how the run is pinned, in words.
 */
export function pinSelf(): string {
  if (!hasTaskset() || cpus().length < 2) {
    return 'not pinned (no taskset, or fewer than 2 CPUs): the server and the probes share cores';
  }
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(LAB_CPU), String(process.pid)], { stdio: 'ignore' });
    return `server taskset -c ${SERVER_CPU}, lab and probes taskset -c ${LAB_CPU}`;
  } catch (error) {
    return `not pinned (taskset failed: ${(error as Error).message})`;
  }
}

function machineText(): string {
  const cores = cpus();
  return `${cores.length} x ${cores[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform} ${process.arch}`;
}

function cellProgress(log: LabLog, index: number, total: number, cell: LabCell): CellProgress {
  const tag = `[${index + 1}/${total}] ${cell.id}`;
  return {
    phase(name, detail) {
      log.status(`${tag}: ${name} ${detail}`);
    },
    measuring(doneS, totalS, live) {
      log.status(`${tag}: measuring ${doneS}/${totalS} s | ${live}`);
    },
  };
}

/** The file name a kept recording gets: the cell's number and id, as a valid recording name. */
export function recordingName(index: number, cell: LabCell): string {
  const via = cell.transport === 'websocket' ? '' : `-${cell.transport}`;
  const id = `${cell.strategy}${via}-${cell.network.label}-${cell.rates.tickHz}-${cell.rates.snapshotHz}`;
  return `cell${index + 1}-${id.replace(/[^A-Za-z0-9._-]/g, '_')}.arena`;
}

/** One line per finished cell: the headline figures. */
export function describeResult(result: CellResult): string {
  const f = result.figures;
  if (f === undefined) return `failed: ${result.error}`;
  const n = (value: number | null | undefined, digits = 1) =>
    value === null || value === undefined ? '-' : value.toFixed(digits);
  return [
    `${n(f.down_bytes_per_client_s, 0)} B/client/s`,
    `${n(f.cpu_us_per_client_tick)} µs/client/tick`,
    `ack p50/p99 ${n(f.ack_ms.p50, 0)}/${n(f.ack_ms.p99, 0)} ms`,
    `snapshot age p50/p99 ${n(f.snapshot_age_ms.p50, 0)}/${n(f.snapshot_age_ms.p99, 0)} ms`,
    `freezes ${n(f.freezes_per_client_min)}/min`,
    ...(f.channels === null
      ? []
      : [`channels ${f.channels.opened}/${f.joined} (fallbacks ${f.channels.fallbacks})`]),
    `prediction err p99 ${n(f.prediction_error.p99, 2)} u`,
    `interp err mean/p99 ${n(f.interpolation_error.mean, 2)}/${n(f.interpolation_error.p99, 2)} u`,
    `extrapolating ${n(f.extrapolation.frame_pct)} % of frames`,
    `(${result.wallS.toFixed(0)} s)`,
  ].join(' | ');
}

/**
 * `pnpm lab`: every cell of the grid in turn against its own fresh server, then one JSON and one
 * HTML report. Returns the paths written and the report.
 */
/**
 * With --replay, the options the match decides: one probe per recorded player, the recording's
 * seed and mode, and its players' inputs as the probes' scripts.
 */
export async function withReplay(options: LabOptions): Promise<LabOptions> {
  if (options.replayFile === undefined) return options;
  const recording = readLabRecording(await readFile(options.replayFile));
  if (recording === undefined) {
    throw new Error(`${options.replayFile} is not a finished recording (its room may still be open)`);
  }
  const replay = replayedMatch(basename(options.replayFile), recording);
  if (replay.players.length < 2) {
    throw new Error(`${options.replayFile} has ${replay.players.length} player(s); the lab needs at least 2`);
  }
  return { ...options, bots: replay.players.length, seed: replay.seed, mode: replay.mode, replay };
}

export async function runLab(
  requested: LabOptions,
  repoRoot: string,
  log: LabLog,
  argv: readonly string[],
): Promise<{ json: string; html: string; report: LabReport }> {
  const options = await withReplay(requested);
  const { replay } = options;
  if (replay !== undefined) {
    log.line(
      `lab: replaying ${replay.file}: ${replay.players.length} players, ${replay.ticks} ticks at ${replay.tickRateHz} Hz, seed ${replay.seed}, ${replay.mode} mode`,
    );
    if (options.rates.some((rate) => rate.tickHz !== replay.tickRateHz)) {
      log.line(`lab: note: rates other than ${replay.tickRateHz} Hz change the length of every step`);
    }
  }
  const cells = filterGrid(
    buildGrid(options.strategies, options.networks, options.rates, options.transports),
    options.only,
  );
  if (cells.length === 0) throw new Error(`no cell matches --only "${options.only}"`);
  const pinning = pinSelf();
  const loadBefore = loadavg();
  const startedAt = new Date();
  const workDir = await mkdtemp(join(tmpdir(), 'arena-lab-'));
  const boundS = cellBoundS(options);
  const name = options.name ?? `lab-${fileStamp(startedAt)}`;
  const keepDir = options.keepRecordings ? join(options.outDir, `${name}-recordings`) : undefined;
  log.line(
    `lab: ${cells.length} cells x ${options.bots} probes, ${options.warmupS} s warm-up + ${options.durationS} s measured each ` +
      `(at most ${boundS} s per cell); ${pinning}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );
  const results: LabCellRun[] = [];
  try {
    for (const [index, cell] of cells.entries()) {
      const tag = `[${index + 1}/${cells.length}] ${cell.id}`;
      let attempt: LabCellRun;
      for (let n = 1; ; n++) {
        const load1m = loadavg()[0]!;
        const result = await runCell(cell, options, {
          repoRoot,
          workDir,
          runId: `cell-${index + 1}-${n}`,
          progress: cellProgress(log, index, cells.length, cell),
          ...(keepDir === undefined ? {} : { keepRecordingAs: join(keepDir, recordingName(index, cell)) }),
        });
        const reasons =
          result.figures === undefined ? [] : disturbances(result.figures, cell.rates.tickHz, options.fps);
        attempt = { result, attempts: n, disturbed: reasons, load1m };
        const isClean = result.figures !== undefined && reasons.length === 0;
        if (isClean || n > options.retries) break;
        // A stall or a failure on a shared machine: measure the cell again rather than report the machine.
        log.line(
          `${tag}: ${result.figures === undefined ? `failed (${result.error})` : `disturbed: ${reasons.join('; ')}`}; running it again`,
        );
      }
      results.push(attempt);
      const note = attempt.disturbed.length > 0 ? ` | DISTURBED: ${attempt.disturbed.join('; ')}` : '';
      log.line(`${tag}: ${describeResult(attempt.result)}${note}`);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
    // node-datachannel's threads (loaded by datagram cells) would otherwise abort the exit
    await releaseDatagramLibrary();
  }
  const finishedAt = new Date();
  const report: LabReport = {
    lab: {
      started_at: startedAt.toISOString(),
      finished_at: finishedAt.toISOString(),
      command: `pnpm lab ${argv.join(' ')}`.trim(),
      machine: machineText(),
      load_average_before: loadBefore.map((l) => Number(l.toFixed(2))),
      load_average_after: loadavg().map((l) => Number(l.toFixed(2))),
      code: codeVersion(repoRoot),
      pinning,
      shaping: options.shaping,
      mode: options.mode,
      bots: options.bots,
      duration_s: options.durationS,
      warmup_s: options.warmupS,
      seed: options.seed,
      fire: options.fire,
      replay:
        replay === undefined
          ? null
          : {
              file: replay.file,
              players: replay.players.length,
              ticks: replay.ticks,
              tick_hz: replay.tickRateHz,
            },
      fps: options.fps,
      retries: options.retries,
      strategies: [...options.strategies],
      transports: [...options.transports],
      script: replay === undefined ? options.script : 'replay',
      study: options.study ?? null,
      networks: options.networks.map((network) => ({ label: network.label, ...network.conditions })),
      rates: options.rates.map((rate) => ({ tick_hz: rate.tickHz, snapshot_hz: rate.snapshotHz })),
    },
    cells: results.map(toCellReport),
  };
  const paths = await writeReports(options.outDir, name, report, labHtml(report));
  return { ...paths, report };
}
