import { arenaSocketParser } from '@arena/protocol';
import { type ArenaServer, createArenaServer, type ServerOptions } from '@arena/server';
import { waitFor } from '@arena/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { TestClient } from './support/test-client';

/**
 * Logs fit production: one line per HTTP request, none for probes, scrapes and static files
 * unless the level is debug, and a request id that follows a client from the HTTP request of its
 * Socket.IO handshake to every line about its connection.
 */
interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly reqId?: string;
  readonly url?: string;
  readonly status?: number;
  readonly roomId?: string;
  readonly [key: string]: unknown;
}

const INFO = 30;
let server: ArenaServer | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.shutdown();
  server = undefined;
});

async function start(options: Partial<ServerOptions> = {}): Promise<{ url: string; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  server = await createArenaServer(
    { host: '127.0.0.1', port: 0, logLevel: 'info', ...options },
    { logStream: { write: (line) => lines.push(JSON.parse(line) as LogLine) } },
  );
  return { url: await server.listen(), lines };
}

describe('request logs', () => {
  test('one line per API request, with its status; none for /healthz, /readyz, /metrics and static files at info', async () => {
    const { url, lines } = await start();
    for (const path of ['/healthz', '/readyz', '/metrics', '/', '/api/rooms', '/api/rooms/nowhere']) {
      await (await fetch(`${url}${path}`)).arrayBuffer();
    }
    await waitFor(() => lines.filter((line) => line.msg === 'request').length >= 2, 'the API lines');
    const requestLines = lines.filter((line) => line.url !== undefined);
    expect(requestLines.map((line) => [line.url, line.status, line.level])).toEqual([
      ['/api/rooms', 200, INFO],
      ['/api/rooms/nowhere', 404, INFO],
    ]);
    expect(new Set(requestLines.map((line) => line.reqId)).size).toBe(2);
  });

  test('at debug, probes, scrapes and static files get their line too', async () => {
    const { url, lines } = await start({ logLevel: 'debug' });
    for (const path of ['/healthz', '/metrics', '/']) await (await fetch(`${url}${path}`)).arrayBuffer();
    await waitFor(() => lines.filter((line) => line.msg === 'request').length >= 3, 'three lines');
    expect(lines.filter((line) => line.msg === 'request').map((line) => line.url)).toEqual([
      '/healthz',
      '/metrics',
      '/',
    ]);
  });

  test("a player's seat lines carry the id of its handshake request; a trusted proxy's X-Request-Id is kept, anybody else's ignored", async () => {
    const { url, lines } = await start({ trustProxy: '127.0.0.1' });
    const viaProxy = new TestClient(url, { extraHeaders: { 'x-request-id': 'edge-4f2a' } });
    clients.push(viaProxy);
    await viaProxy.waitFor(() => viaProxy.socket.connected, 'connect');
    await viaProxy.join('any', 'proxied');
    viaProxy.close();
    await waitFor(() => lines.some((line) => line.msg === 'left its seat'), 'the leave line');
    const seatLines = lines.filter((line) => line.reqId === 'edge-4f2a');
    expect(seatLines.map((line) => line.msg)).toEqual(['took a seat', 'left its seat']);
    expect(seatLines[0]!.roomId).toBeTypeOf('string');

    await server!.shutdown();
    const direct = await start(); // no proxy trusted: the header is a client's own words
    const client = new TestClient(direct.url, {
      extraHeaders: { 'x-request-id': 'forged-id' },
      parser: arenaSocketParser,
    });
    clients.push(client);
    await client.waitFor(() => client.socket.connected, 'connect');
    await client.join('any', 'direct');
    await waitFor(() => direct.lines.some((line) => line.msg === 'took a seat'), 'the seat line');
    const seat = direct.lines.find((line) => line.msg === 'took a seat')!;
    expect(seat.reqId).toBeTypeOf('string');
    expect(seat.reqId).not.toBe('forged-id');
    client.close();
    await waitFor(() => direct.lines.some((line) => line.msg === 'left its seat'), 'the leave line');
    expect(direct.lines.find((line) => line.msg === 'left its seat')!.reqId).toBe(seat.reqId);
  });
});
