import type { BotOptions } from './bot-options';

/** What a bot worker is started with. */
export interface WorkerSetup {
  readonly bots: readonly BotOptions[];
  /** Joins in flight at once in this worker. */
  readonly connectConcurrency: number;
}

/** Counters of one worker since its previous sample. */
export interface WorkerSample {
  readonly connected: number;
  readonly bytes: number;
  readonly observerBytes: number;
  readonly frames: number;
  readonly inputsSent: number;
  readonly snapshotsDecoded: number;
  readonly ackLatenciesMs: Float64Array;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly disconnects: number;
  /** Event-loop delay p99 of the worker over the sample, ms (sampled every 10 ms). */
  readonly loopDelayP99Ms: number;
  /** The same since measuring started (the whole window so far), ms. */
  readonly windowLoopDelayP99Ms: number;
}

export type ToWorker =
  | { readonly type: 'start-inputs' }
  | { readonly type: 'measure'; readonly on: boolean }
  | { readonly type: 'sample'; readonly id: number }
  | { readonly type: 'stop' };

export type FromWorker =
  | { readonly type: 'progress'; readonly connected: number; readonly failed: number }
  | { readonly type: 'ready'; readonly connected: number; readonly failed: number }
  | { readonly type: 'sample'; readonly id: number; readonly sample: WorkerSample };
