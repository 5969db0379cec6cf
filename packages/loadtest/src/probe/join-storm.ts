import { percentile, round } from '../report/stats';
import { rawSocketIoJoin } from './raw-socket-io-join';

export interface JoinStormOptions {
  readonly url: string;
  /** The room the storm joins (its own, not a measured room's). */
  readonly roomId: string;
  readonly clients: number;
  /** Joins in flight at once. */
  readonly concurrency: number;
  /** One client's limit from connect to welcome, ms. */
  readonly timeoutMs: number;
}

/** Figures of one join storm. */
export interface JoinStormResult {
  readonly clients: number;
  readonly concurrency: number;
  readonly joined: number;
  /** Clients refused or timed out (connect_error, an error message instead of a welcome, no welcome). */
  readonly refused: number;
  readonly refusal_samples: readonly string[];
  /** Seconds from the storm's start until its last client was welcomed (null when not all were). */
  readonly all_joined_s: number | null;
  /** Seconds until every client had its answer, welcome or refusal. */
  readonly all_answered_s: number | null;
  /** Per client, connect start to welcome, ms. */
  readonly welcome_ms_p50: number | null;
  readonly welcome_ms_p99: number | null;
}

/**
 * `clients` new players join `roomId`, `concurrency` at a time, each over its own Socket.IO
 * connection made the way the game connects (WebSocket transport, Arena's parser) by a client no
 * dearer than the server it loads (raw-socket-io-join.ts); each one welcomed sends "leave" and
 * disconnects, freeing its seat.
 */
export async function joinStorm(options: JoinStormOptions): Promise<JoinStormResult> {
  const times: number[] = [];
  const samples: string[] = [];
  let refused = 0;
  const start = performance.now();
  let lastWelcome = start;
  await joinLanes(options, options.clients, (welcomeMs, error) => {
    if (error === undefined) {
      lastWelcome = performance.now();
      times.push(welcomeMs);
    } else {
      refused++;
      if (samples.length < 5) samples.push(error.message);
    }
  });
  const answeredS = (performance.now() - start) / 1000;
  return {
    clients: options.clients,
    concurrency: options.concurrency,
    joined: times.length,
    refused,
    refusal_samples: samples,
    all_joined_s: refused === 0 ? round((lastWelcome - start) / 1000, 3) : null,
    all_answered_s: round(answeredS, 3),
    welcome_ms_p50: round(percentile(times, 50), 1),
    welcome_ms_p99: round(percentile(times, 99), 1),
  };
}

/** `clients` joins, `concurrency` lanes at once; `onAnswer` gets each one's time to welcome, or its error. */
async function joinLanes(
  options: JoinStormOptions,
  clients: number,
  onAnswer: (welcomeMs: number, error?: Error) => void,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < clients) {
      const index = next++;
      const startedAt = performance.now();
      try {
        await rawSocketIoJoin({
          url: options.url,
          roomId: options.roomId,
          name: `storm${index}`,
          timeoutMs: options.timeoutMs,
        });
        onAnswer(performance.now() - startedAt);
      } catch (error) {
        onAnswer(performance.now() - startedAt, error as Error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, clients) }, lane));
}
