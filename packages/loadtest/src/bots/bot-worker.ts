// Entry point of one bot worker thread: connects its share of the bots, drives their inputs,
// and answers the coordinator's sample requests with counters since the previous sample.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Bot, type BotSink } from './bot';
import { releaseDatagramLibrary } from './node-rtc-peer';
import type { FromWorker, ToWorker, WorkerSample, WorkerSetup } from './worker-protocol';

const ERROR_SAMPLES_MAX = 5;
const port = parentPort!;
const setup = workerData as WorkerSetup;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let isMeasuring = false;
let connected = 0;
let failed = 0;
let counters = freshCounters();
const latencies: number[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
const windowLoopDelay = monitorEventLoopDelay({ resolution: 10 });
const p99Ms = (histogram: typeof loopDelay) => (histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0);

function freshCounters() {
  return {
    bytes: 0,
    observerBytes: 0,
    frames: 0,
    inputsSent: 0,
    snapshotsDecoded: 0,
    errors: 0,
    errorSamples: [] as string[],
    disconnects: 0,
  };
}

function noteError(where: string, message: string): void {
  counters.errors++;
  if (counters.errorSamples.length < ERROR_SAMPLES_MAX) counters.errorSamples.push(`${where}: ${message}`);
}

const sink: BotSink = {
  bytes(count, isObserver) {
    if (!isMeasuring) return;
    counters.bytes += count;
    if (isObserver) counters.observerBytes += count;
  },
  frame() {
    if (isMeasuring) counters.frames++;
  },
  inputSent() {
    if (isMeasuring) counters.inputsSent++;
  },
  snapshotDecoded() {
    if (isMeasuring) counters.snapshotsDecoded++;
  },
  ackLatency(ms) {
    latencies.push(ms);
  },
  error: noteError,
  path(path, reason) {
    // a bot told to use datagrams that stays on (or goes back to) the WebSocket is worth a line
    if (path === 'websocket' && reason !== undefined) noteError('datagram fallback', reason);
  },
  disconnected(reason) {
    connected--;
    counters.disconnects++;
    noteError('disconnected', reason);
  },
};

const bots = setup.bots.map((options) => new Bot(options, sink));
/** The bots that joined: only they send inputs. */
const joined: Bot[] = [];

async function connectAll(): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < bots.length) {
      const bot = bots[next++]!;
      try {
        await bot.connect();
        joined.push(bot);
        connected++;
      } catch (error) {
        failed++;
        noteError('join', (error as Error).message);
      }
      post({ type: 'progress', connected, failed });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, setup.connectConcurrency) }, lane));
  post({ type: 'ready', connected, failed });
}

function takeSample(id: number): void {
  const ackLatenciesMs = Float64Array.from(latencies);
  latencies.length = 0;
  const sample: WorkerSample = {
    connected,
    ...counters,
    ackLatenciesMs,
    loopDelayP99Ms: p99Ms(loopDelay),
    windowLoopDelayP99Ms: p99Ms(windowLoopDelay),
  };
  counters = freshCounters();
  loopDelay.reset();
  post({ type: 'sample', id, sample }, [ackLatenciesMs.buffer as ArrayBuffer]);
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start-inputs':
      loopDelay.enable();
      for (const bot of joined) bot.startInputs();
      break;
    case 'measure':
      isMeasuring = message.on;
      if (message.on) {
        windowLoopDelay.reset();
        windowLoopDelay.enable();
      } else windowLoopDelay.disable();
      for (const bot of bots) bot.measuring = message.on;
      break;
    case 'sample':
      takeSample(message.id);
      break;
    case 'stop':
      loopDelay.disable();
      windowLoopDelay.disable();
      for (const bot of bots) bot.stop();
      // The thread ends itself once the close frames have had a moment to leave (see BotPool.stop).
      void releaseDatagramLibrary()
        .then(() => new Promise((resolve) => setTimeout(resolve, 100)))
        .finally(() => process.exit(0));
      break;
  }
});

void connectAll();
