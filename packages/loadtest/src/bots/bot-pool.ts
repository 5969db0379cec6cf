import { Worker } from 'node:worker_threads';
import type { BotOptions } from './bot-options';
import type { FromWorker, ToWorker, WorkerSample, WorkerSetup } from './worker-protocol';

/** Sum of the workers' samples taken at one moment. */
export interface PoolSample {
  readonly connected: number;
  readonly bytes: number;
  readonly observerBytes: number;
  readonly frames: number;
  readonly inputsSent: number;
  readonly snapshotsDecoded: number;
  readonly ackLatenciesMs: number[];
  readonly errors: number;
  readonly errorSamples: string[];
  readonly disconnects: number;
  /** The worst worker's event-loop delay p99, ms. */
  readonly loopDelayP99Ms: number;
  /** The worst worker's event-loop delay p99 since measuring started, ms. */
  readonly windowLoopDelayP99Ms: number;
}

const ERROR_SAMPLES_MAX = 10;

/**
 * A worker thread's entry point in TypeScript: Node 20 workers do not inherit tsx's hooks, so a
 * tiny evaluated bootstrap registers tsx and imports the entry.
 */
function startTsWorker(entry: URL, workerData: unknown): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/** The bots of one run, spread over worker threads; the coordinator talks to it, never to bots. */
export class BotPool {
  private readonly workers: Worker[] = [];
  private readonly listeners = new Set<(worker: number, message: FromWorker) => void>();
  private readonly failures: Error[] = [];
  private nextSampleId = 1;

  private constructor() {}

  /** Starts `workerCount` workers and hands each an equal share of `bots` (observers spread too). */
  static start(bots: readonly BotOptions[], workerCount: number, connectConcurrency: number): BotPool {
    const pool = new BotPool();
    const count = Math.max(1, Math.min(workerCount, bots.length));
    const shares: BotOptions[][] = Array.from({ length: count }, () => []);
    bots.forEach((bot, i) => {
      shares[i % count]!.push(bot);
    });
    const perWorker = Math.max(1, Math.ceil(connectConcurrency / count));
    shares.forEach((share, index) => {
      const setup: WorkerSetup = { bots: share, connectConcurrency: perWorker };
      const worker = startTsWorker(new URL('./bot-worker.ts', import.meta.url), setup);
      worker.on('message', (message: FromWorker) => {
        for (const listener of pool.listeners) listener(index, message);
      });
      worker.on('error', (error) => pool.failures.push(error));
      pool.workers.push(worker);
    });
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Errors thrown inside workers (a crashed worker's bots are gone). */
  get workerFailures(): readonly Error[] {
    return this.failures;
  }

  /**
   * Resolves when every worker has tried all its joins, with the totals; `onProgress` sees the
   * running totals. Rejects after `timeoutMs`.
   */
  waitReady(
    timeoutMs: number,
    onProgress: (connected: number, failed: number) => void,
  ): Promise<{ connected: number; failed: number }> {
    const connected = new Array<number>(this.size).fill(0);
    const failed = new Array<number>(this.size).fill(0);
    const ready = new Set<number>();
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`bots not joined after ${timeoutMs} ms (${sum(connected)} joined)`));
      }, timeoutMs);
      const listener = (worker: number, message: FromWorker) => {
        if (message.type !== 'progress' && message.type !== 'ready') return;
        connected[worker] = message.connected;
        failed[worker] = message.failed;
        onProgress(sum(connected), sum(failed));
        if (message.type === 'ready') ready.add(worker);
        if (ready.size === this.size) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          resolve({ connected: sum(connected), failed: sum(failed) });
        }
      };
      this.listeners.add(listener);
    });
  }

  startInputs(): void {
    this.broadcast({ type: 'start-inputs' });
  }

  setMeasuring(on: boolean): void {
    this.broadcast({ type: 'measure', on });
  }

  /** Counters of all workers since the previous sample. */
  sample(timeoutMs = 5000): Promise<PoolSample> {
    const id = this.nextSampleId++;
    const samples: WorkerSample[] = [];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`bot workers did not answer a sample within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (_worker: number, message: FromWorker) => {
        if (message.type !== 'sample' || message.id !== id) return;
        samples.push(message.sample);
        if (samples.length === this.size) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          resolve(mergeSamples(samples));
        }
      };
      this.listeners.add(listener);
      this.broadcast({ type: 'sample', id });
    });
  }

  /**
   * Closes every bot and lets each worker end its own thread once its close frames are out;
   * only a worker that has not ended within `timeoutMs` is terminated (terminating a thread in
   * the middle of socket I/O can abort the whole process in Node).
   */
  async stop(timeoutMs = 5000): Promise<void> {
    const exited = this.workers.map(
      (worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())),
    );
    this.broadcast({ type: 'stop' });
    const timedOut = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.all(exited), timedOut]);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private broadcast(message: ToWorker): void {
    for (const worker of this.workers) worker.postMessage(message);
  }
}

function mergeSamples(samples: readonly WorkerSample[]): PoolSample {
  const total = {
    connected: 0,
    bytes: 0,
    observerBytes: 0,
    frames: 0,
    inputsSent: 0,
    snapshotsDecoded: 0,
    ackLatenciesMs: [] as number[],
    errors: 0,
    errorSamples: [] as string[],
    disconnects: 0,
    loopDelayP99Ms: 0,
    windowLoopDelayP99Ms: 0,
  };
  for (const s of samples) {
    total.connected += s.connected;
    total.bytes += s.bytes;
    total.observerBytes += s.observerBytes;
    total.frames += s.frames;
    total.inputsSent += s.inputsSent;
    total.snapshotsDecoded += s.snapshotsDecoded;
    for (const ms of s.ackLatenciesMs) total.ackLatenciesMs.push(ms);
    total.errors += s.errors;
    for (const e of s.errorSamples)
      if (total.errorSamples.length < ERROR_SAMPLES_MAX) total.errorSamples.push(e);
    total.disconnects += s.disconnects;
    total.loopDelayP99Ms = Math.max(total.loopDelayP99Ms, s.loopDelayP99Ms);
    total.windowLoopDelayP99Ms = Math.max(total.windowLoopDelayP99Ms, s.windowLoopDelayP99Ms);
  }
  return total;
}
