import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArenaError, ErrorCode } from '@arena/protocol';
import { type ArenaServer, createArenaServer } from '@arena/server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parsePrometheusText, sampleValue } from './support/prometheus-text';
import { TestClient } from './support/test-client';

/**
 * Native TLS (--tls-cert, --tls-key) for a small setup without a proxy: https and wss on the
 * server's one port, with a certificate made here by openssl. The fast transport path needs a
 * plain TCP descriptor, so every TLS connection takes Socket.IO's standard path: said once in the
 * log, counted in /metrics, and the game plays the same.
 */
let dir: string;
let cert: Buffer;
let server: ArenaServer | undefined;
const clients: TestClient[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'arena-tls-'));
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1'],
      ...['-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    ],
    { stdio: 'pipe' },
  );
  cert = readFileSync(join(dir, 'cert.pem'));
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.shutdown();
});

/** GET over https, trusting the test's certificate: status and body. */
function httpsGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: cert, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('with --tls-cert and --tls-key the server speaks https and wss on its port, and a player plays over TLS on the standard path, counted in /metrics', async () => {
  server = await createArenaServer({
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    tlsCert: join(dir, 'cert.pem'),
    tlsKey: join(dir, 'key.pem'),
  });
  const url = await server.listen();
  expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(await httpsGet(`${url}/healthz`)).toMatchObject({ status: 200 });

  const player = await TestClient.connect(url, { ca: cert.toString('utf8') });
  clients.push(player);
  await player.join('any', 'over-tls');
  await player.waitFor(() => player.worlds.length >= 3, 'snapshots over wss');
  const seq = player.input(1, 0);
  await player.waitFor(() => (player.worlds.at(-1)?.ackSeq ?? 0) >= seq, 'the input acknowledged over wss');

  const samples = parsePrometheusText((await httpsGet(`${url}/metrics`)).body);
  expect(sampleValue(samples, 'arena_connections', { path: 'standard' })).toBe(1);
  expect(sampleValue(samples, 'arena_connections', { path: 'fast' })).toBe(0);
  expect(
    sampleValue(samples, 'arena_transport_fallbacks_total', { reason: 'no plain TCP descriptor (TLS)' }),
  ).toBe(1);
});

test('TLS options are checked at start: one file without the other, or a file that cannot be read, is BAD_OPTION', async () => {
  const attempt = (options: { tlsCert: string; tlsKey: string }) =>
    createArenaServer({ host: '127.0.0.1', port: 0, logLevel: 'silent', ...options }).then(
      () => undefined,
      (error: unknown) => error,
    );
  const onlyCert = await attempt({ tlsCert: join(dir, 'cert.pem'), tlsKey: '' });
  expect(onlyCert).toBeInstanceOf(ArenaError);
  expect((onlyCert as ArenaError).code).toBe(ErrorCode.BAD_OPTION);
  const missing = await attempt({ tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'no-such-key.pem') });
  expect((missing as ArenaError).code).toBe(ErrorCode.BAD_OPTION);
  expect((missing as Error).message).toMatch(/tlsKey: cannot read/);
});
