import { ErrorCode } from '@arena/protocol';
import type { ArenaServer } from '@arena/server';
import { waitFor } from '@arena/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { createRoomAsOperator } from './support/operator-room';
import { parsePrometheusText, sampleValue } from './support/prometheus-text';
import { TestClient } from './support/test-client';
import { startTestServer } from './support/test-server';

const ADMIN_TOKEN = 'server-bots-admin-token';
let server: ArenaServer | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.shutdown();
  server = undefined;
});

async function start(options = {}): Promise<string> {
  const started = await startTestServer({ adminToken: ADMIN_TOKEN, ...options });
  server = started.server;
  return started.url;
}

const createRoom = (url: string, body: object) => createRoomAsOperator(url, body, ADMIN_TOKEN);

async function listedRoom(url: string, id: string): Promise<Record<string, unknown> | undefined> {
  const body = (await (await fetch(`${url}/api/rooms`)).json()) as { rooms: Record<string, unknown>[] };
  return body.rooms.find((room) => room.id === id);
}

async function metric(url: string, name: string): Promise<number | undefined> {
  return sampleValue(parsePrometheusText(await (await fetch(`${url}/metrics`)).text()), name, {});
}

async function connect(url: string): Promise<TestClient> {
  const client = await TestClient.connect(url);
  clients.push(client);
  return client;
}

describe('POST /api/rooms minFighters', () => {
  test('a valid minFighters is taken and listed; the server default applies without one', async () => {
    const url = await start({ minFighters: 3 });
    expect((await createRoom(url, { id: 'own', minFighters: 5 })).json.room).toMatchObject({
      minFighters: 5,
    });
    expect((await createRoom(url, { id: 'none', minFighters: 0 })).json.room).toMatchObject({
      minFighters: 0,
    });
    expect((await createRoom(url, { id: 'default' })).json.room).toMatchObject({ minFighters: 3 });
    expect((await createRoom(url, { id: 'small', maxPlayers: 2 })).json.room).toMatchObject({
      minFighters: 2,
    });
  });

  test.each([
    [{ minFighters: -1 }, 400],
    [{ minFighters: 2.5 }, 400],
    [{ minFighters: 'four' }, 400],
    [{ minFighters: 1001 }, 400],
    [{ minFighters: 9, maxPlayers: 8 }, 409],
    [{ minFighters: 2, mode: 'bench' }, 409],
  ])('%j is refused with BAD_OPTION (%i)', async (body, status) => {
    const url = await start();
    const created = await createRoom(url, { id: 'bad', ...body });
    expect(created.status).toBe(status);
    expect(created.json.error?.code).toBe(ErrorCode.BAD_OPTION);
  });

  test('a bench room is created without bots and never gets any', async () => {
    const url = await start({ minFighters: 4 });
    expect((await createRoom(url, { id: 'b', mode: 'bench' })).json.room).toMatchObject({ minFighters: 0 });
    const client = await connect(url);
    const welcome = await client.join('b', 'loader');
    expect(welcome.players).toHaveLength(1);
  });
});

describe('bots over the network', () => {
  test('a lone player gets bots, marked in the roster, the room list and /metrics; they leave with the player', async () => {
    const url = await start({ minFighters: 4 });
    await createRoom(url, { id: 'solo' });
    const alice = await connect(url);
    const welcome = await alice.join('solo', 'alice');
    const bots = welcome.players.filter((entry) => entry.bot === true);
    expect(bots).toHaveLength(3);
    expect(bots.every((entry) => entry.name.startsWith('bot '))).toBe(true);
    expect(welcome.players.find((entry) => entry.id === welcome.playerId)?.bot).toBeUndefined();
    expect(await listedRoom(url, 'solo')).toMatchObject({ players: 1, bots: 3, minFighters: 4 });
    expect(await metric(url, 'arena_bots')).toBe(3);
    expect(await metric(url, 'arena_players')).toBe(1);
    // the bots are in the snapshots and they move
    await alice.waitFor(() => {
      const first = alice.worlds[0];
      const last = alice.latestWorld()?.world;
      if (first === undefined || last === undefined) return false;
      return bots.some((bot) => {
        const was = first.world.players.find((p) => p.id === bot.id);
        const is = last.players.find((p) => p.id === bot.id);
        return was !== undefined && is !== undefined && Math.hypot(is.x - was.x, is.y - was.y) > 50;
      });
    }, 'a bot walking');

    // a second human takes a bot's place
    const bob = await connect(url);
    const bobWelcome = await bob.join('solo', 'bob');
    expect(bobWelcome.players.filter((entry) => entry.bot === true)).toHaveLength(2);
    await alice.waitFor(
      () => alice.ofType('events').some((m) => m.events.some((e) => e.kind === 'leave')),
      'a bot leaving',
    );

    bob.send({ type: 'leave' });
    alice.send({ type: 'leave' });
    await waitFor(async () => ((await metric(url, 'arena_bots')) === 0 ? true : undefined), 'no bots left', {
      timeoutMs: 15_000,
    });
    expect(await listedRoom(url, 'solo')).toMatchObject({ players: 0 });
    expect((await listedRoom(url, 'solo'))?.bots).toBeUndefined();
  });
});
