// The room list is paginated (issue 15, item 6): GET /api/rooms answers one page by id with a
// cursor to the next, the lobby's pushed list is bounded, and a create past the room cap is a 429
// with retry-after, all in JSON with catalogue codes.
import { ErrorCode } from '@arena/protocol';
import { afterEach, describe, expect, test } from 'vitest';
import { ThreatServer } from './support/threat-server';

let t: ThreatServer;
afterEach(async () => {
  await t.stop();
});

interface Page {
  readonly rooms: { id: string; players: number }[];
  readonly nextCursor?: string;
}

async function get(path: string): Promise<{ status: number; body: unknown; bytes: number }> {
  const response = await fetch(`${t.url}${path}`);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as unknown, bytes: text.length };
}

/** `count` rooms made by the operator (in process: quicker than HTTP, the same directory). */
function createRooms(count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `room-${String(i).padStart(3, '0')}`;
    const created = t.server.directory.create({ id }, { address: '127.0.0.1', isExempt: true });
    if (!created.ok) throw new Error(created.error.message);
    ids.push(created.value.id);
  }
  return ids;
}

describe('THREATS: the room list', () => {
  test('GET /api/rooms answers pages of at most limit rooms (default 50, at most 100) in id order, with a nextCursor that walks every room exactly once', async () => {
    t = await ThreatServer.start({ maxRooms: 200, httpRatePerMin: 1000 });
    const ids = createRooms(130);

    const first = await get('/api/rooms');
    expect(first.status).toBe(200);
    const firstPage = first.body as Page;
    expect(firstPage.rooms.map((room) => room.id)).toEqual(ids.slice(0, 50));
    expect(firstPage.nextCursor).toBe(ids[49]);
    expect(first.bytes).toBeLessThan(20_000);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = (await get(`/api/rooms?limit=100${cursor === undefined ? '' : `&cursor=${cursor}`}`))
        .body as Page;
      expect(page.rooms.length).toBeLessThanOrEqual(100);
      seen.push(...page.rooms.map((room) => room.id));
      cursor = page.nextCursor;
      if (cursor === undefined) break;
    }
    expect(seen).toEqual(ids);
    expect(((await get('/api/rooms?limit=5&cursor=room-127')).body as Page).rooms.map((r) => r.id)).toEqual([
      'room-128',
      'room-129',
    ]);
  });

  test('bad limit, cursor or unknown query fields get 400 BAD_OPTION in JSON', async () => {
    t = await ThreatServer.start();
    for (const query of [
      'limit=0',
      'limit=101',
      'limit=1e2',
      'limit=-5',
      'limit=abc',
      'page=2',
      'cursor=..%2F..%2Fetc',
      `cursor=${'a'.repeat(65)}`,
      'kind=everything',
    ]) {
      const answer = await get(`/api/rooms?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body, query).toMatchObject({ error: { code: ErrorCode.BAD_OPTION } });
    }
    expect((await get('/api/rooms?limit=100&kind=live')).status).toBe(200);
  });

  test('the lobby push is bounded: at most 50 rooms, those a player can join first, and the total', async () => {
    t = await ThreatServer.start({ maxRooms: 200 });
    createRooms(120);
    const full = await t.createRoom({ id: 'a-full', maxPlayers: 1 });
    const lively = await t.createRoom({ id: 'zz-lively' });
    const filler = await t.connect();
    await filler.join(full, 'filler');
    const player = await t.connect();
    await player.join(lively, 'player');

    const watcher = await t.connect();
    watcher.send({ type: 'lobby', watch: true, name: 'watcher' });
    const list = await watcher.waitForMessage('roomList');
    expect(list.rooms).toHaveLength(50);
    expect(list.total).toBe(122);
    expect(list.rooms[0]!.id).toBe(lively); // connected players first
    expect(list.rooms.some((room) => room.id === full)).toBe(false); // a full room comes last
  });

  test('a create past the room cap is 429 TOO_MANY_ROOMS with retry-after, in JSON', async () => {
    t = await ThreatServer.start({ maxRooms: 2 });
    await t.createRoom({});
    await t.createRoom({});
    const response = await fetch(`${t.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.server.options.adminToken}` },
      body: '{}',
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.json()).toMatchObject({ error: { code: ErrorCode.TOO_MANY_ROOMS } });
    expect(t.server.directory.size).toBe(2);
  });
});
