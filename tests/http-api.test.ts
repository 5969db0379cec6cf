import { ErrorCode } from '@arena/protocol';
import type { ArenaServer } from '@arena/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer } from './support/test-server';

let server: ArenaServer;
let url: string;

/**
 * Rooms are created as the operator, so the per-address limits on rooms nobody has joined
 * (tests/threats/7-room-squatting.test.ts) stay out of these tests of the API's shape.
 */
const ADMIN_TOKEN = 'http-api-test-admin-token';

beforeAll(async () => {
  ({ server, url } = await startTestServer({ maxRooms: 5, adminToken: ADMIN_TOKEN }));
});
afterAll(async () => {
  await server.shutdown();
});

const post = (body: unknown, contentType = 'application/json') =>
  fetch(`${url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${ADMIN_TOKEN}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('HTTP API', () => {
  test('GET /healthz and /readyz', async () => {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  test('POST /api/rooms creates a room that GET /api/rooms lists', async () => {
    const created = await post({ id: 'duel-1', tickRateHz: 30, maxPlayers: 2, seed: 99 });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      room: {
        id: 'duel-1',
        mode: 'arena',
        players: 0,
        away: 0,
        maxPlayers: 2,
        tickRateHz: 30,
        snapshotRateHz: 30,
        strategy: 'delta',
        lagCompensation: true,
        network: 'none',
        recording: false,
        minFighters: 0,
      },
    });
    const listed = (await (await fetch(`${url}/api/rooms`)).json()) as { rooms: { id: string }[] };
    expect(listed.rooms.map((room) => room.id)).toContain('duel-1');
  });

  test('without an id the server picks one; defaults fill the rest', async () => {
    const created = await post({});
    const { room } = (await created.json()) as {
      room: { id: string; tickRateHz: number; maxPlayers: number };
    };
    expect(room.id).toMatch(/^[a-z0-9]{6}$/);
    expect(room.tickRateHz).toBe(60);
    expect(room.maxPlayers).toBe(16);
  });

  test.each([
    ['tick rate below 10 Hz', { tickRateHz: 9 }],
    ['tick rate above 128 Hz', { tickRateHz: 129 }],
    ['fractional tick rate', { tickRateHz: 60.5 }],
    ['tick rate as a string', { tickRateHz: '60' }],
    ['max players 0', { maxPlayers: 0 }],
    ['negative seed', { seed: -1 }],
    ['unknown field', { tickRateHz: 60, colour: 'red' }],
    ['id with a path', { id: '../etc' }],
    ['reserved id "any"', { id: 'any' }],
    ['overlong id', { id: 'a'.repeat(33) }],
    ['unknown strategy', { strategy: 'telepathy' }],
    ['unknown mode', { mode: 'battle-royale' }],
  ])('400 with BAD_OPTION for %s', async (_label, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(ErrorCode.BAD_OPTION);
    expect(json.error.message.length).toBeGreaterThan(0);
  });

  test('400 for malformed JSON, 409 for a taken id, 404 for unknown routes', async () => {
    expect((await post('{"tickRateHz": ')).status).toBe(400);
    await post({ id: 'taken' });
    const again = await post({ id: 'taken' });
    expect(again.status).toBe(409);
    const missing = await fetch(`${url}/api/nothing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.BAD_MESSAGE);
  });

  test('413 for an oversized body', async () => {
    const response = await post({ id: 'x', padding: 'y'.repeat(100_000) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      ErrorCode.PAYLOAD_TOO_LARGE,
    );
  });

  test('429 with TOO_MANY_ROOMS and retry-after past the room cap', async () => {
    const answers: Response[] = [];
    for (let i = 0; i < 6; i++) answers.push(await post({}));
    const refused = answers.find((answer) => answer.status !== 201);
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused!.json()) as { error: { code: string } }).error.code).toBe(
      ErrorCode.TOO_MANY_ROOMS,
    );
  });
});
