import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode } from '@arena/protocol';
import type { ArenaServer, CreateServerExtras } from '@arena/server';
import { afterEach, expect, test } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { parsePrometheusText, sampleValue } from './support/prometheus-text';
import { TestClient } from './support/test-client';
import { startTestServer } from './support/test-server';

let server: ArenaServer | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.shutdown();
  server = undefined;
});

/**
 * A stand-in for `ws` whose WebSockets hide the private fields Arena's fast path reads (their
 * parser, frame writer and socket) while every public method works as before: what a newer `ws`
 * with another private shape would look like to the transport.
 */
class StandInWsServer extends WebSocketServer {
  override handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    done: (ws: WebSocket, request: IncomingMessage) => void,
  ): void {
    super.handleUpgrade(request, socket, head, (ws, req) => done(hidePrivateFields(ws), req));
  }
}

function hidePrivateFields<T extends object>(ws: T): T {
  const hidden = new Set<PropertyKey>(['_receiver', '_sender', '_socket']);
  return new Proxy(ws, {
    get(target, property) {
      if (hidden.has(property)) return undefined;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Joins, moves, and checks the server acknowledged the inputs in its snapshots: the game plays. */
async function playABit(url: string): Promise<void> {
  const client = await TestClient.connect(url);
  clients.push(client);
  await client.join('any', 'fallback');
  let last = 0;
  for (let i = 0; i < 5; i++) last = client.input(1, 0);
  await client.waitFor(() => (client.latestWorld()?.ackSeq ?? 0) === last, 'the inputs acknowledged');
  const before = client.worlds.length;
  await client.waitFor(() => client.worlds.length >= before + 5, '5 more snapshots');
  client.sendRaw('cheat', 'x'); // the guard still refuses what is not an Arena message
  const error = await client.waitForMessage('error');
  expect(error.code).toBe(ErrorCode.BAD_MESSAGE);
}

async function pathFigures(url: string) {
  const samples = parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
  const fallbacks = samples.filter((s) => s.name === 'arena_transport_fallbacks_total');
  return {
    fast: sampleValue(samples, 'arena_connections', { path: 'fast' }),
    standard: sampleValue(samples, 'arena_connections', { path: 'standard' }),
    batched: sampleValue(samples, 'arena_batched_sockets'),
    fallbacks: fallbacks.map((s) => [s.labels.reason, s.value]),
  };
}

async function start(extras: CreateServerExtras): Promise<string> {
  const started = await startTestServer({ ioPath: 'batched' }, extras);
  server = started.server;
  return started.url;
}

test('a ws whose private shape differs: each connection takes the standard path, says why, and the game plays', async () => {
  const url = await start({ wsEngine: StandInWsServer });
  await playABit(url);
  const figures = await pathFigures(url);
  expect(figures).toMatchObject({ fast: 0, standard: 1, batched: 0 });
  expect(figures.fallbacks).toEqual([["ws's parser has another shape", 1]]);
});

test('a stack version outside the supported range: the whole process takes the standard path', async () => {
  const url = await start({ stackVersions: { ws: '9.0.0' } });
  await playABit(url);
  const figures = await pathFigures(url);
  expect(figures).toMatchObject({ fast: 0, standard: 1, batched: 0 });
  expect(figures.fallbacks).toHaveLength(1);
  expect(figures.fallbacks[0]![0]).toMatch(/^ws 9\.0\.0 is outside the range/);
});

test('the same server and client on the installed stack take the fast path and batch the seated socket', async () => {
  const url = await start({});
  await playABit(url);
  expect(await pathFigures(url)).toMatchObject({ fast: 1, standard: 0, batched: 1, fallbacks: [] });
});
