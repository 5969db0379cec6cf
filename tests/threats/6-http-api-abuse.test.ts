// THREATS.md §6: HTTP API abuse. Every refusal is JSON with a catalogue code, never a 500 or a reset.
import { request } from 'node:http';
import { ErrorCode } from '@arena/protocol';
import { afterEach, describe, expect, test } from 'vitest';
import { ThreatServer } from './support/threat-server';

let t: ThreatServer;
afterEach(async () => {
  await t.stop();
});

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly code: string | undefined;
}

async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${t.url}${path}`, init);
  const text = await response.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: response.status, headers: response.headers, code };
}

const post = (body: string, contentType = 'application/json') =>
  call('/api/rooms', { method: 'POST', headers: { 'content-type': contentType }, body });

/** A request with a path exactly as written (fetch would normalise "../"). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(t.url);
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('THREATS §6 HTTP API abuse', () => {
  test('oversized or malformed JSON gets 413/400 with a JSON error, never a 500 or a crash', async () => {
    t = await ThreatServer.start({ maxBodyBytes: 4096 });
    const oversized = await post(JSON.stringify({ id: 'x', padding: 'y'.repeat(10_000) }));
    expect(oversized).toMatchObject({ status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE });
    for (const body of ['{"tickRateHz": ', '{"a":1}}', '\u0000\u0001', '[1,2,3]', 'null', '"x"']) {
      const answer = await post(body);
      expect(answer.status, body).toBe(400);
      expect(answer.code, body).toMatch(/^ARENA_ERR_/);
    }
    const deep = await post(`${'['.repeat(2000)}${']'.repeat(2000)}`);
    expect(deep.status).toBe(400);
    const wrongType = await post('id=x', 'application/x-www-form-urlencoded');
    expect(wrongType.status).toBe(415);
    expect(wrongType.code).toMatch(/^ARENA_ERR_/);
    expect((await call('/healthz')).status).toBe(200);
  });

  test('bodies with __proto__ or constructor.prototype are rejected by Fastify’s poisoning guards', async () => {
    t = await ThreatServer.start();
    for (const body of [
      '{"__proto__": {"polluted": true}}',
      '{"id": "x", "__proto__": {"isAdmin": true}}',
      '{"constructor": {"prototype": {"polluted": true}}}',
    ]) {
      const answer = await post(body);
      expect(answer.status, body).toBe(400);
      expect(answer.code).toMatch(/^ARENA_ERR_/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(t.server.directory.size).toBe(0);
  });

  test('schema violations (unknown fields, long ids, out-of-range numbers, wrong types) are 400 BAD_OPTION', async () => {
    t = await ThreatServer.start();
    for (const body of [
      { colour: 'red' },
      { id: 'a'.repeat(33) },
      { id: 'UPPER' },
      { maxPlayers: 1001 },
      { maxPlayers: 0 },
      { tickRateHz: '60' },
      { seed: 2 ** 32 },
      { mode: ['arena'] },
      { strategy: { name: 'full' } },
    ]) {
      const answer = await post(JSON.stringify(body));
      expect(answer, JSON.stringify(body)).toMatchObject({ status: 400, code: ErrorCode.BAD_OPTION });
    }
    expect(t.server.directory.size).toBe(0);
  });

  test('a create or list flood gets 429 with retry-after per address; total rooms stay capped', async () => {
    t = await ThreatServer.start({ roomCreateRatePerMin: 5, httpRatePerMin: 20, maxRooms: 3 });
    const creates = [];
    for (let i = 0; i < 7; i++) creates.push(await post('{}'));
    expect(creates.slice(0, 3).map((a) => a.status)).toEqual([201, 201, 201]);
    expect(creates.slice(3, 5).map((a) => a.code)).toEqual([
      ErrorCode.TOO_MANY_ROOMS,
      ErrorCode.TOO_MANY_ROOMS,
    ]);
    expect(creates.slice(5).map((a) => a.status)).toEqual([429, 429]);
    expect(creates[6]!.code).toBe(ErrorCode.RATE_LIMITED);
    expect(Number(creates[6]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(t.server.directory.size).toBe(3);

    const lists = [];
    for (let i = 0; i < 22; i++) lists.push(await call('/api/rooms'));
    expect(lists.slice(0, 20).every((a) => a.status === 200)).toBe(true);
    expect(lists.at(-1)).toMatchObject({ status: 429, code: ErrorCode.RATE_LIMITED });
    expect(Number(lists.at(-1)!.headers.get('retry-after'))).toBeGreaterThan(0);
    // probes and metrics are never limited
    for (let i = 0; i < 30; i++) expect((await call('/healthz')).status).toBe(200);
    expect((await call('/readyz')).status).toBe(200);
    expect(await t.metric('arena_refused_total', { code: ErrorCode.RATE_LIMITED })).toBe(4);
  });

  test('path tricks (../, encoded slashes, huge ids) get 400/404/414 with a JSON error, never a file or a 500', async () => {
    t = await ThreatServer.start();
    for (const path of [
      '/api/rooms/../../package.json',
      '/api/../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/api/rooms%2F..%2F..%2Fpackage.json',
      '/api/rooms/..%2f..%2fetc%2fpasswd',
      `/api/rooms/${'a'.repeat(4000)}`,
    ]) {
      const answer = await rawGet(path);
      expect([400, 404, 414], path).toContain(answer.status); // 414: Fastify's maxParamLength
      expect(answer.body, path).not.toContain('"name"'); // no package.json
      expect((JSON.parse(answer.body) as { error: { code: string } }).error.code, path).toMatch(
        /^ARENA_ERR_/,
      );
    }
  });

  test('requests during shutdown get 503 with a reason, not a reset', async () => {
    t = await ThreatServer.start({ shutdownDrainMs: 1000 });
    const client = await t.connect();
    await client.join('any', 'leaving');
    const stopping = t.server.shutdown('maintenance');
    await client.waitFor(() => client.disconnectReason !== undefined, 'the disconnect');
    expect(client.ofType('error').at(-1)).toMatchObject({
      code: ErrorCode.SERVER_SHUTDOWN,
      message: 'maintenance',
    });
    expect((await call('/readyz')).status).toBe(503);
    expect((await call('/healthz')).status).toBe(200);
    expect(await post('{}')).toMatchObject({ status: 503, code: ErrorCode.SERVER_SHUTDOWN });
    expect((await call('/api/rooms')).status).toBe(200);
    await stopping;
  });
});
