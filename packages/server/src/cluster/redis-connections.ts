import { ArenaError, ErrorCode } from '@arena/protocol';
import { Redis, type RedisOptions } from 'ioredis';

/** How long a node waits for Redis at start before giving up with a clear error, ms. */
export const REDIS_CONNECT_DEADLINE_MS = 3000;
/** Failed attempts per connection at start before giving up (a refused connection fails at once). */
const CONNECT_ATTEMPTS = 3;
/** Reconnect attempts back off up to this delay and never stop, ms. */
const MAX_RECONNECT_DELAY_MS = 1000;

/** The three connections a node keeps: registry commands, and the adapter's publisher and subscriber. */
export interface RedisConnections {
  /** Registry reads and writes. No offline queue: while Redis is away they fail at once (and are retried by the next beat) instead of piling up. */
  readonly registry: Redis;
  /** The Socket.IO adapter's publisher (commands wait for a reconnect instead of failing). */
  readonly pub: Redis;
  /** The adapter's subscriber (subscriber mode; resubscribes by itself after a reconnect). */
  readonly sub: Redis;
}

/**
 * Opens the connections and waits until each is ready. Redis unreachable at start is an
 * ArenaError(CLUSTER_UNAVAILABLE) naming the URL and the reason, not a hang or a stack trace.
 */
export async function connectRedis(redisUrl: string): Promise<RedisConnections> {
  const base: RedisOptions = {
    connectTimeout: REDIS_CONNECT_DEADLINE_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    // Arena's keys say what they are; a name makes CLIENT LIST readable too.
    connectionName: 'arena',
  };
  const connections: RedisConnections = {
    registry: new Redis(redisUrl, { ...base, enableOfflineQueue: false }),
    pub: new Redis(redisUrl, { ...base, maxRetriesPerRequest: null }),
    sub: new Redis(redisUrl, { ...base, maxRetriesPerRequest: null }),
  };
  for (const client of [connections.pub, connections.sub]) markRejectionsHandled(client, ADAPTER_COMMANDS);
  const all = Object.values(connections) as Redis[];
  let lastError = 'no answer';
  let failures = 0;
  let giveUp: () => void = () => {};
  const givenUp = new Promise<never>((_resolve, reject) => {
    giveUp = () => reject(new Error(lastError));
  });
  // ioredis reports every failed attempt as an 'error' event; without a listener it prints them.
  const remember = (error: Error) => {
    lastError = error.message || (error as NodeJS.ErrnoException).code || String(error);
    if (++failures >= CONNECT_ATTEMPTS * all.length) giveUp();
  };
  for (const client of all) client.on('error', remember);
  try {
    const ready = Promise.all(all.map((client) => waitUntilReady(client)));
    await withDeadline(Promise.race([ready, givenUp]), REDIS_CONNECT_DEADLINE_MS);
  } catch {
    for (const client of all) client.disconnect();
    throw new ArenaError(
      ErrorCode.CLUSTER_UNAVAILABLE,
      `cannot reach Redis at ${redactedUrl(redisUrl)} (${lastError}): ` +
        'start redis-server there, or leave out --redis-url to run a single process without Redis',
    );
  } finally {
    for (const client of all) client.off('error', remember);
  }
  return connections;
}

/** Closes the connections politely, or cuts them if Redis is not there to answer. */
export async function closeRedis(connections: RedisConnections): Promise<void> {
  await Promise.all(
    (Object.values(connections) as Redis[]).map((client) =>
      client.status === 'ready'
        ? withDeadline(client.quit(), 1000).catch(() => client.disconnect())
        : Promise.resolve(client.disconnect()),
    ),
  );
}

/** The URL without its password, for messages and logs. */
export function redactedUrl(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Commands the Socket.IO Redis adapter sends without awaiting them. */
const ADAPTER_COMMANDS = ['publish', 'psubscribe', 'punsubscribe', 'subscribe', 'unsubscribe'] as const;

/**
 * The adapter fires some commands and forgets their promises. One still queued when a
 * connection is closed while Redis is away rejects, and an unhandled rejection ends the process
 * (see security/process-guards.ts); so these promises get a handler. Callers that await them
 * still see the error.
 */
function markRejectionsHandled(client: Redis, methods: readonly string[]): void {
  const target = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of methods) {
    const original = target[name]!.bind(client);
    target[name] = (...args: unknown[]) => {
      const result = original(...args);
      if (result instanceof Promise) result.catch(() => {});
      return result;
    };
  }
}

function waitUntilReady(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => client.once('ready', () => resolve()));
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
