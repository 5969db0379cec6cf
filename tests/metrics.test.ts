import { ErrorCode } from '@arena/protocol';
import type { ArenaServer } from '@arena/server';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { parsePrometheusText, sampleValue } from './support/prometheus-text';
import { TestClient } from './support/test-client';
import { startTestServer } from './support/test-server';

let server: ArenaServer;
let url: string;
let client: TestClient | undefined;

beforeEach(async () => {
  ({ server, url } = await startTestServer());
});
afterEach(async () => {
  client?.close();
  await server.shutdown();
});

async function scrape() {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/plain/);
  return parsePrometheusText(await response.text());
}

test('GET /metrics exposes ticks, durations, traffic, inputs, refusals, rooms, clients and process figures', async () => {
  client = await TestClient.connect(url);
  const welcome = await client.join('any', 'measured');
  for (let i = 0; i < 5; i++) client.input(1, 0);
  client.sendRaw('m', new Uint8Array([0xc1]));
  await client.waitFor(
    () => client!.worlds.length >= 20 && client!.ofType('error').length === 1,
    '20 snapshots and an error',
  );

  // what the client holds before the scrape was sent (and counted) before it; more may come during it
  const receivedBeforeScrape = client.received.length;
  const samples = await scrape();
  const value = (name: string, labels: Record<string, string> = {}) => sampleValue(samples, name, labels);
  expect(value('arena_rooms')).toBe(1);
  expect(value('arena_players')).toBe(1);
  expect(value('arena_clients')).toBe(1);
  expect(value('arena_ticks_total')).toBeGreaterThanOrEqual(20);
  expect(value('arena_room_ticks_total', { room: welcome.roomId })).toBeGreaterThanOrEqual(20);
  expect(value('arena_tick_duration_seconds_count')).toBe(value('arena_ticks_total'));
  expect(
    value('arena_room_tick_duration_seconds', { room: welcome.roomId, quantile: '0.99' }),
  ).toBeGreaterThan(0);
  expect(value('arena_inputs_applied_total')).toBe(5);
  expect(value('arena_messages_in_total')).toBe(7); // join + 5 inputs + the bad one
  expect(value('arena_messages_out_total')).toBeGreaterThanOrEqual(receivedBeforeScrape);
  expect(value('arena_bytes_out_total')).toBeGreaterThan(20 * 10);
  expect(value('arena_refused_total', { code: ErrorCode.BAD_MESSAGE })).toBe(1);
  // the default io path: the seated player's socket is read by its room before each tick
  expect(value('arena_connections', { path: 'fast' })).toBe(1);
  expect(value('arena_connections', { path: 'standard' })).toBe(0);
  expect(value('arena_batched_sockets')).toBe(1);
  expect(value('process_cpu_seconds_total')).toBeGreaterThan(0);
  expect(value('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
  // Tick buckets 5 % apart from 50 µs to past 100 ms: a load test reads p50/p99 from two scrapes
  // within 5 % of the exact sample percentile (README, "Load testing").
  const bounds = samples
    .filter((s) => s.name === 'arena_tick_duration_seconds_bucket' && s.labels.le !== '+Inf')
    .map((s) => Number(s.labels.le));
  expect(bounds[0]).toBeLessThanOrEqual(0.00005);
  expect(bounds.at(-1)).toBeGreaterThanOrEqual(0.1);
  for (let i = 1; i < bounds.length; i++) expect(bounds[i]! / bounds[i - 1]!).toBeLessThanOrEqual(1.0501);
});

test('a closed room leaves no per-room series behind', async () => {
  client = await TestClient.connect(url);
  const welcome = await client.join('any', 'brief');
  await client.waitFor(() => client!.worlds.length >= 2, 'snapshots');
  server.directory.get(welcome.roomId)!.close(ErrorCode.ROOM_CLOSED, 'done');
  const samples = await scrape();
  expect(samples.filter((s) => s.labels.room === welcome.roomId)).toEqual([]);
  expect(sampleValue(samples, 'arena_rooms')).toBe(0);
});

test("a socket is read before its room's ticks only while its player is seated; --io-path event-loop never", async () => {
  client = await TestClient.connect(url);
  await client.join('any', 'seated');
  await client.waitFor(() => client!.worlds.length >= 3, '3 snapshots');
  expect(sampleValue(await scrape(), 'arena_batched_sockets')).toBe(1);
  client.send({ type: 'leave' });
  let batched: number | undefined = 1;
  for (let i = 0; i < 200 && batched !== 0; i++)
    batched = sampleValue(await scrape(), 'arena_batched_sockets');
  expect(batched).toBe(0); // handed back to libuv once the player left
  expect(sampleValue(await scrape(), 'arena_connections', { path: 'fast' })).toBe(1);

  client.close();
  await server.shutdown();
  ({ server, url } = await startTestServer({ ioPath: 'event-loop' }));
  client = await TestClient.connect(url);
  await client.join('any', 'awake');
  await client.waitFor(() => client!.worlds.length >= 10, '10 snapshots');
  const samples = await scrape();
  expect(sampleValue(samples, 'arena_ticks_total')).toBeGreaterThan(0);
  expect(sampleValue(samples, 'arena_connections', { path: 'fast' })).toBe(1);
  expect(sampleValue(samples, 'arena_batched_sockets')).toBe(0);
});
