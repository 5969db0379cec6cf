// Room squatting (issue 15, item 4): rooms nobody joins close within seconds, an address holds
// only a few of them at once, and bench rooms are for trusted addresses or the admin token.
import { ErrorCode } from '@arena/protocol';
import { waitFor } from '@arena/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { OTHER_ADDRESSES, postJsonFrom } from './support/other-addresses';
import { ThreatServer } from './support/threat-server';

const [A, B, C] = OTHER_ADDRESSES;
const ADMIN_TOKEN = 'squatting-test-admin-token';

let t: ThreatServer;
afterEach(async () => {
  await t.stop();
});

const createFrom = (address: string, body: object = {}, headers: Record<string, string> = {}) =>
  postJsonFrom(t.url, '/api/rooms', address, body, headers);

const roomIdOf = (answer: { body: unknown }) => (answer.body as { room: { id: string } }).room.id;

describe('THREATS: room squatting', () => {
  test('an address holds at most maxEmptyRoomsPerIp rooms nobody has joined: the next create is 429 RATE_LIMITED with retry-after; a room stops counting once joined', async () => {
    t = await ThreatServer.start({ roomUnjoinedMs: 60_000 });
    const held = [];
    for (let i = 0; i < 3; i++) held.push(await createFrom(A));
    expect(held.map((answer) => answer.status)).toEqual([201, 201, 201]);

    const refused = await createFrom(A);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: { code: ErrorCode.RATE_LIMITED, message: expect.stringMatching(/3 rooms nobody has joined/) },
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(t.server.directory.size).toBe(3);

    // another address is not affected
    expect((await createFrom(B)).status).toBe(201);

    // a player joins one of A's rooms: it is a real room now, and A may create another
    const player = await t.connect();
    await player.join(roomIdOf(held[0]!), 'honest');
    expect((await createFrom(A)).status).toBe(201);
    expect((await createFrom(A)).status).toBe(429);
    expect(await t.metric('arena_refused_total', { code: ErrorCode.RATE_LIMITED })).toBeGreaterThanOrEqual(2);
  });

  test('four squatting addresses cannot fill the server: each holds at most maxEmptyRoomsPerIp, and an honest player still creates a room', async () => {
    t = await ThreatServer.start({ roomUnjoinedMs: 60_000, maxRooms: 13 });
    for (const address of [A, B, C, '127.0.0.5']) {
      for (let i = 0; i < 6; i++) await createFrom(address);
    }
    expect(t.server.directory.size).toBe(12);
    const honest = await t.connect();
    const created = await postJsonFrom(t.url, '/api/rooms', '127.0.0.1', {});
    expect(created.status).toBe(201);
    expect((await honest.join(roomIdOf(created), 'honest')).roomId).toBe(roomIdOf(created));
  });

  test('a room nobody joins closes after roomUnjoinedMs, freeing its creator’s quota; one someone joined and left waits the ordinary idle timeout', async () => {
    t = await ThreatServer.start({ roomUnjoinedMs: 300, roomIdleTimeoutMs: 60_000 });
    const kept = roomIdOf(await createFrom(A));
    const player = await t.connect();
    await player.join(kept, 'visitor');
    player.send({ type: 'leave' });
    await waitFor(() => t.server.directory.get(kept)?.playerCount === 0, 'the visitor gone');
    const squats: string[] = [];
    for (let i = 0; i < 3; i++) squats.push(roomIdOf(await createFrom(A)));
    await waitFor(
      () => squats.every((id) => t.server.directory.get(id) === undefined),
      'the rooms nobody joined closed',
    );
    expect(t.server.directory.get(kept)?.isClosed).toBe(false);
    expect((await createFrom(A)).status).toBe(201);
  });

  test('bench rooms are created only by a trusted address or with the admin token (403 UNAUTHORIZED otherwise); such rooms are not counted as squats', async () => {
    t = await ThreatServer.start({ trustedAddresses: C, adminToken: ADMIN_TOKEN, roomUnjoinedMs: 200 });
    const refused = await createFrom(A, { mode: 'bench' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: ErrorCode.UNAUTHORIZED } });
    const wrongToken = await createFrom(A, { mode: 'bench' }, { authorization: 'Bearer guessed-token-1234' });
    expect(wrongToken.status).toBe(403);
    expect(t.server.directory.size).toBe(0);

    const withToken = await createFrom(A, { mode: 'bench' }, { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(withToken.status).toBe(201);
    const trusted = await createFrom(C, { mode: 'bench' });
    expect(trusted.status).toBe(201);
    for (let i = 0; i < 4; i++) expect((await createFrom(C)).status).toBe(201);

    // an ordinary room of A closes unjoined; the operators' rooms wait for their players
    const squat = roomIdOf(await createFrom(A));
    await waitFor(() => t.server.directory.get(squat) === undefined, 'the unjoined room closed');
    expect(t.server.directory.get(roomIdOf(withToken))?.isClosed).toBe(false);
    expect(t.server.directory.get(roomIdOf(trusted))?.isClosed).toBe(false);
    expect(t.server.directory.size).toBe(6);
  });
});
