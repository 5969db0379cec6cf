import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  ArenaServerProcess,
  bucketDelta,
  type HistogramBucket,
  histogramQuantile,
  MetricSet,
  type ServerScrape,
  scrapeServer,
  serverWindow,
} from '@arena/loadtest';
import { teleportDistanceUnits } from '@arena/netcode';
import type { ByteAttribution } from '@arena/protocol';
import type { LabOptions } from '../cli/lab-options';
import type { LabCell } from '../grid/lab-grid';
import { ProbeClient } from '../probe/probe-client';
import { CombatScript } from '../script/combat-script';
import { InputScript, type InputSource } from '../script/input-script';
import { RecordedInputs } from '../script/recorded-inputs';
import { type CellFigures, type ChannelFigures, cellFigures } from '../stats/cell-figures';
import { GroundTruth } from '../truth/ground-truth';
import { type LabRecording, readLabRecording } from '../truth/recording-file';

/** The room every cell plays in (each cell has its own server). */
export const LAB_ROOM_ID = 'lab';
/** The server CPU the cell's server is pinned to; the lab and its probes run on the other. */
export const SERVER_CPU = 0;
/**
 * An empty room closes (and finishes its recording) after this long, ms: long enough for the
 * first probe to join the room just created on a loaded machine (1.5 s was not, with two cores
 * busy), short enough not to hold up the next cell much.
 */
const ROOM_IDLE_MS = 4000;
/** Longest wait for the recording to be finished once the probes left, ms. */
const RECORDING_WAIT_MS = 10_000;
const PING_INTERVAL_MS = 1000;

/** What a cell reports while it runs. */
export interface CellProgress {
  phase(name: 'server' | 'joining' | 'warm-up' | 'measuring' | 'truth', detail: string): void;
  /** Once a second while measuring: seconds done, and live figures so far. */
  measuring(doneS: number, totalS: number, live: string): void;
}

export interface CellResult {
  readonly cell: LabCell;
  readonly figures: CellFigures | undefined;
  readonly error: string | undefined;
  readonly startedAt: string;
  readonly wallS: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function postJson(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const answer = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

async function fetchAttribution(baseUrl: string): Promise<ByteAttribution | undefined> {
  try {
    const response = await fetch(`${baseUrl}/api/rooms/${LAB_ROOM_ID}/bytes`, {
      signal: AbortSignal.timeout(2000),
    });
    return response.ok ? ((await response.json()) as ByteAttribution) : undefined;
  } catch {
    return undefined;
  }
}

/** Averages attributions taken during the window (same strategy): bytes per field, shares of the total. */
export function averageAttribution(samples: readonly ByteAttribution[]): ByteAttribution | undefined {
  if (samples.length === 0) return undefined;
  const bytes = new Map<string, number>();
  for (const sample of samples) {
    for (const share of sample.shares) bytes.set(share.field, (bytes.get(share.field) ?? 0) + share.bytes);
  }
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  return {
    strategy: samples[0]!.strategy,
    totalBytes: total / samples.length,
    shares: [...bytes]
      .map(([field, sum]) => ({ field, bytes: sum / samples.length, share: total === 0 ? 0 : sum / total }))
      .sort((a, b) => b.bytes - a.bytes),
  };
}

/** The server's histogram of lag-compensation rewinds (cumulative), or empty when it cannot be read. */
async function fetchRewinds(baseUrl: string): Promise<HistogramBucket[]> {
  try {
    const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return [];
    return MetricSet.parse(await response.text()).buckets('arena_lag_compensation_rewind_seconds');
  } catch {
    return [];
  }
}

/** Rewind depth over the window, ms: p50 and p99 of the server's histogram between two scrapes (bucket-interpolated). */
export function rewindFigures(
  before: readonly HistogramBucket[],
  after: readonly HistogramBucket[],
): { readonly shots: number; readonly p50_ms: number | null; readonly p99_ms: number | null } {
  const window = bucketDelta(before, after);
  const quantile = (q: number) => {
    const seconds = histogramQuantile(q, window);
    return seconds === undefined ? null : seconds * 1000;
  };
  return { shots: window.at(-1)?.count ?? 0, p50_ms: quantile(0.5), p99_ms: quantile(0.99) };
}

/** The input script of probe `index`: recorded inputs, combat, or walking. */
function probeScript(options: LabOptions, index: number, tickHz: number): InputSource {
  if (options.replay !== undefined) return new RecordedInputs(options.replay.players[index]?.inputs ?? []);
  if (options.script === 'combat') return new CombatScript(options.seed, index, tickHz);
  return new InputScript(options.seed, index, tickHz, options.fire);
}

/** Waits until the recording in `dir` is a finished gzip stream (its room has closed), and reads it. */
async function finishedRecording(dir: string): Promise<{ recording: LabRecording; file: string }> {
  const deadline = performance.now() + RECORDING_WAIT_MS;
  for (;;) {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.arena'));
    if (names.length > 1) throw new Error(`expected one recording in ${dir}, found ${names.length}`);
    if (names.length === 1) {
      const file = join(dir, names[0]!);
      const recording = readLabRecording(await readFile(file));
      if (recording !== undefined) return { recording, file };
    }
    if (performance.now() > deadline) {
      throw new Error(`the room's recording was not finished within ${RECORDING_WAIT_MS / 1000} s`);
    }
    await sleep(100);
  }
}

/**
 * One cell: a fresh server (pinned), the room created with the cell's strategy, rates and seed
 * and recorded, the probes joined one after the other (same join order, so the same player ids
 * and spawn points in every cell), a warm-up, the measured window between two /metrics scrapes,
 * then the probes leave, the room closes and finishes its recording, the server stops, and the
 * recording is re-simulated for the ground truth.
 */
export async function runCell(
  cell: LabCell,
  options: LabOptions,
  context: {
    repoRoot: string;
    workDir: string;
    runId: string;
    progress: CellProgress;
    /** Where to keep a copy of the cell's recording (watchable with POST /api/replays); undefined: not kept. */
    keepRecordingAs?: string;
  },
): Promise<CellResult> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const { progress } = context;
  const recordingsDir = join(context.workDir, `${context.runId}-recordings`);
  const problems: string[] = [];
  let server: ArenaServerProcess | undefined;
  const probes: ProbeClient[] = [];
  let frameTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  // The bound on a cell: past it the probes and the server are stopped, so whatever the cell
  // waits for fails within seconds and the grid moves on.
  const boundS = cellBoundS(options);
  let isOverdue = false;
  const bound = setTimeout(() => {
    isOverdue = true;
    for (const probe of probes) probe.stop();
    void server?.stop();
  }, boundS * 1000);
  try {
    progress.phase('server', 'starting');
    server = await ArenaServerProcess.start({
      repoRoot: context.repoRoot,
      port: 0,
      cpu: SERVER_CPU,
      logFile: join(context.workDir, `${context.runId}.server.log`),
      extraArgs: [
        '--recordings-dir',
        recordingsDir,
        '--room-idle-ms',
        String(ROOM_IDLE_MS),
        // A probe that leaves frees its seat at once (no wait for a rejoin), so the room closes.
        '--reconnect-grace-ms',
        '0',
      ],
    });
    const url = server.url;
    await postJson(`${url}/api/rooms`, {
      id: LAB_ROOM_ID,
      mode: options.mode,
      tickRateHz: cell.rates.tickHz,
      snapshotRateHz: cell.rates.snapshotHz,
      maxPlayers: options.bots,
      // every player is a probe: server bots would play inputs no cell can repeat
      ...(options.mode === 'arena' ? { minFighters: 0 } : {}),
      seed: options.seed,
      strategy: cell.strategy,
      record: true,
      ...(options.shaping === 'server' ? { network: cell.network.conditions } : {}),
      ...(cell.transport === 'datagram' ? { transport: 'datagram' } : {}),
    });

    progress.phase('joining', `0/${options.bots}`);
    const channels: ChannelFigures = { attempts: 0, opened: 0, fallbacks: 0, closed: 0 };
    for (let i = 0; i < options.bots; i++) {
      const probe = new ProbeClient({
        url,
        roomId: LAB_ROOM_ID,
        name: `probe${i + 1}`,
        script: probeScript(options, i, cell.rates.tickHz),
        network: options.shaping === 'bots' ? cell.network.conditions : undefined,
        networkSeed: options.seed * 1000 + i + 1,
        connectTimeoutMs: 15_000,
        transport: cell.transport,
      });
      await probe.connect();
      probes.push(probe);
      if (cell.transport === 'datagram') {
        // one handshake at a time: concurrent DTLS handshakes in one process sometimes fail
        const outcome = await probe.openDatagrams();
        channels.attempts += outcome.attempts;
        if (outcome.isOpen) channels.opened++;
        else {
          channels.fallbacks++;
          problems.push(`probe${i + 1} stayed on the WebSocket: ${outcome.reason}`);
        }
      }
      progress.phase('joining', `${i + 1}/${options.bots}`);
    }

    // One frame loop for every probe, as a browser's requestAnimationFrame would drive each.
    const frameMs = 1000 / options.fps;
    let nextFrame = performance.now();
    const frame = () => {
      const now = performance.now();
      for (const probe of probes) probe.frame(now);
      nextFrame += frameMs;
      if (nextFrame < now - frameMs) nextFrame = now; // a stall: no burst of catch-up frames
      frameTimer = setTimeout(frame, Math.max(0, nextFrame - performance.now()));
    };
    frame();
    const ping = () => {
      for (const probe of probes) probe.ping(performance.now());
    };
    ping();
    pingTimer = setInterval(ping, PING_INTERVAL_MS);

    progress.phase('warm-up', `${options.warmupS} s`);
    await sleep(options.warmupS * 1000);

    progress.phase('measuring', `${options.durationS} s`);
    const before: ServerScrape = await scrapeServer(url, LAB_ROOM_ID);
    const rewindsBefore = await fetchRewinds(url);
    for (const probe of probes) probe.startMeasuring();
    const labCpuBefore = process.cpuUsage();
    const labWindowStart = performance.now();
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const attributions: ByteAttribution[] = [];
    const windowEnd = performance.now() + options.durationS * 1000;
    for (let second = 1; performance.now() < windowEnd; second++) {
      await sleep(Math.min(1000, Math.max(0, windowEnd - performance.now())));
      // The attribution of the newest snapshot, a few times over the window.
      if (second % 2 === 1) {
        const attribution = await fetchAttribution(url);
        if (attribution !== undefined) attributions.push(attribution);
      }
      progress.measuring(Math.min(second, options.durationS), options.durationS, liveLine(probes));
    }
    for (const probe of probes) probe.stopMeasuring();
    loopDelay.disable();
    const labCpu = process.cpuUsage(labCpuBefore);
    const labCpuPct = ((labCpu.user + labCpu.system) / 1000 / (performance.now() - labWindowStart)) * 100;
    const after = await scrapeServer(url, LAB_ROOM_ID);
    const rewindsAfter = await fetchRewinds(url);
    // a channel that closed during the cell left its probe measuring the WebSocket from then on
    channels.closed = probes.filter((probe) => probe.channelClosedReason !== undefined).length;

    clearTimeout(frameTimer);
    clearInterval(pingTimer);
    for (const probe of probes) {
      problems.push(...probe.problems.slice(0, 3));
      probe.stop();
    }
    progress.phase('truth', 're-simulating the recording');
    const { recording, file } = await finishedRecording(recordingsDir);
    if (context.keepRecordingAs !== undefined) {
      await mkdir(dirname(context.keepRecordingAs), { recursive: true });
      await copyFile(file, context.keepRecordingAs);
    }
    const truth = GroundTruth.fromRecording(recording);
    if (truth.divergedAtTick !== null) {
      problems.push(`the re-simulated recording diverged at tick ${truth.divergedAtTick}`);
    }
    const figures = cellFigures({
      n: options.bots,
      probes: probes.map((probe) => ({
        playerId: probe.session.playerId,
        samples: probe.session.samples,
        droppedSnapshots: probe.droppedSnapshots,
        freezes: probe.session.freezeCount,
        frozenMs: probe.session.frozenMs,
        shots: probe.session.shots,
      })),
      transport: cell.transport,
      channels: cell.transport === 'datagram' ? channels : undefined,
      rewinds: rewindFigures(rewindsBefore, rewindsAfter),
      window: serverWindow(before, after),
      truth,
      teleportUnits: teleportDistanceUnits(1000 / cell.rates.tickHz),
      byteAttribution: averageAttribution(attributions),
      labCpuPct,
      labLoopLagP99Ms: loopDelay.count > 0 ? loopDelay.percentile(99) / 1e6 : undefined,
      labLoopLagMaxMs: loopDelay.count > 0 ? loopDelay.max / 1e6 : undefined,
      problems,
    });
    return { cell, figures, error: undefined, startedAt, wallS: (performance.now() - t0) / 1000 };
  } catch (error) {
    const why = (error as Error).message;
    return {
      cell,
      figures: undefined,
      error: isOverdue ? `stopped after its bound of ${boundS} s (${why})` : why,
      startedAt,
      wallS: (performance.now() - t0) / 1000,
    };
  } finally {
    clearTimeout(bound);
    clearTimeout(frameTimer);
    clearInterval(pingTimer);
    for (const probe of probes) probe.stop();
    await server?.stop();
  }
}

/** The longest a cell may take: its warm-up and window, plus time to start, join and finish. */
export function cellBoundS(options: Pick<LabOptions, 'warmupS' | 'durationS' | 'bots'>): number {
  return options.warmupS + options.durationS + 45 + options.bots * 2;
}

/** Live figures while measuring: bytes per client per second so far is not known here; acks and errors are. */
function liveLine(probes: readonly ProbeClient[]): string {
  let acks = 0;
  let ackSum = 0;
  let corrections = 0;
  let extrapolating = 0;
  let frames = 0;
  for (const probe of probes) {
    const samples = probe.session.samples;
    const list = samples.ackLatencyMs.toArray();
    acks += list.length;
    for (const value of list) ackSum += value;
    corrections += samples.corrections;
    for (const value of samples.extrapolationMs.toArray()) if (value > 0) extrapolating++;
    frames += samples.frames;
  }
  const ack = acks > 0 ? `${(ackSum / acks).toFixed(0)} ms` : '-';
  const extra = frames > 0 ? `${((extrapolating / frames) * 100).toFixed(1)} %` : '-';
  return `ack mean ${ack} | corrections ${corrections} | extrapolating ${extra} of frames`;
}
