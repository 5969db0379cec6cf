import { Agent, request } from 'undici';
import { percentile, round } from '../report/stats';

/** What generates an HTTP load: wrk (wrk-load.ts) or this file's undici loop. */
export type HttpClient = 'wrk' | 'undici';

/** How the load's connections are used: one per request (accept on every request), or kept alive. */
export type ConnectionMode = 'new' | 'kept-alive';

export interface HttpLoadOptions {
  /** Full URL of the GET, e.g. http://127.0.0.1:3000/healthz. */
  readonly url: string;
  /** Requests in flight at once (clients). */
  readonly concurrency: number;
  /** Requests start only within this many seconds; those in flight then are finished and counted. */
  readonly durationS: number;
  readonly connections: ConnectionMode;
  /** One request's limit, ms. @default 10000 */
  readonly timeoutMs?: number;
}

/** Figures of one HTTP load. Latency is from the request's start (connect included) to its last byte. */
export interface HttpLoadResult {
  readonly url: string;
  readonly connections: ConnectionMode;
  readonly concurrency: number;
  readonly duration_s: number | null;
  /** Requests answered with 2xx. */
  readonly ok: number;
  readonly non_2xx: number;
  /** Requests that failed without an answer (refused, reset, timed out). */
  readonly errors: number;
  readonly error_samples: readonly string[];
  /** 2xx answers per second. */
  readonly rps: number | null;
  readonly ms_p50: number | null;
  readonly ms_p99: number | null;
  readonly ms_max: number | null;
}

/** Hard bound on one load's requests, whatever the server's speed. */
const MAX_REQUESTS = 1_000_000;

/**
 * GETs `url` from `concurrency` clients in a loop for `durationS` (undici). 'new': each request
 * opens its own connection and closes it after the answer (Connection: close), so every request
 * pays a TCP accept and handshake, as a page visitor or a health checker does; 'kept-alive': each
 * client keeps one connection. Statuses other than 2xx are counted apart (429: a rate limit).
 */
export async function httpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const isNew = options.connections === 'new';
  const agent = new Agent({ connections: options.concurrency, pipelining: 1 });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const latencies: number[] = [];
  const samples: string[] = [];
  const counts = { ok: 0, non2xx: 0, errors: 0, started: 0 };
  const start = performance.now();
  const deadline = start + options.durationS * 1000;
  let end = start;
  const lane = async () => {
    while (performance.now() < deadline && counts.started < MAX_REQUESTS) {
      counts.started++;
      const sentAt = performance.now();
      try {
        const response = await request(options.url, {
          dispatcher: agent,
          reset: isNew,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        await response.body.dump({ limit: Number.POSITIVE_INFINITY });
        end = performance.now();
        latencies.push(end - sentAt);
        if (response.statusCode >= 200 && response.statusCode < 300) counts.ok++;
        else {
          counts.non2xx++;
          if (samples.length < 5) samples.push(`HTTP ${response.statusCode}`);
        }
      } catch (error) {
        end = performance.now();
        counts.errors++;
        if (samples.length < 5) samples.push((error as Error).message);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, lane));
  } finally {
    await agent.close();
  }
  const seconds = (end - start) / 1000;
  return {
    url: options.url,
    connections: options.connections,
    concurrency: options.concurrency,
    duration_s: round(seconds, 2),
    ok: counts.ok,
    non_2xx: counts.non2xx,
    errors: counts.errors,
    error_samples: samples,
    rps: round(seconds > 0 ? counts.ok / seconds : undefined, 1),
    ms_p50: round(percentile(latencies, 50), 2),
    ms_p99: round(percentile(latencies, 99), 2),
    ms_max: round(percentile(latencies, 100), 2),
  };
}
