import { ArenaError } from '@arena/protocol';
import { expect, test } from 'vitest';
import { readCliOptions } from '../config/cli';
import { DEFAULTS, resolveOptions } from '../config/options';

test('by default a server is a single process: no Redis URL', () => {
  expect(DEFAULTS.redisUrl).toBe('');
});

test.each([
  [{ redisUrl: 'localhost:6379' }, /redisUrl must be a URL such as redis:\/\//],
  [{ redisUrl: 'http://127.0.0.1:6379' }, /redisUrl/],
  [{ publicUrl: 'ws://10.0.0.5:3000' }, /publicUrl/],
  [{ nodeId: 'has space' }, /nodeId/],
  [{ adminToken: 'short' }, /adminToken/],
  [{ heartbeatMs: 1000, nodeTtlMs: 1500 }, /nodeTtlMs must be at least twice heartbeatMs \(2000\)/],
])('cluster options are checked at the edge: %j', (input, message) => {
  expect(() => resolveOptions(input)).toThrow(ArenaError);
  expect(() => resolveOptions(input)).toThrow(message);
});

test('cluster flags and environment variables', () => {
  expect(
    readCliOptions(['--redis-url', 'redis://10.0.0.2:6379', '--node-id', 'n1'], {
      ARENA_PUBLIC_URL: 'http://10.0.0.5:3001',
      ARENA_HEARTBEAT_MS: '500',
    }),
  ).toEqual({
    redisUrl: 'redis://10.0.0.2:6379',
    nodeId: 'n1',
    publicUrl: 'http://10.0.0.5:3001',
    heartbeatMs: 500,
  });
  expect(resolveOptions({ redisUrl: 'rediss://user:pw@redis.internal:6380/2' }).redisUrl).toContain(
    'rediss:',
  );
});
