import { ArenaError, ErrorCode } from '@arena/protocol';
import type { ArenaServer } from '@arena/server';
import { waitFor } from '@arena/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestClient } from '../support/test-client';
import { startTestServer } from '../support/test-server';
import { NodeProcess } from './support/node-process';
import { freePort, hasRedisServer, RedisProcess } from './support/redis-process';

// Short heartbeats so the fault tests take seconds: a dead node's rooms go within
// NODE_TTL_MS + HEARTBEAT_MS (the key expires, then the next read notices).
const HEARTBEAT_MS = 200;
const NODE_TTL_MS = 1000;
const ADMIN_TOKEN = 'cluster-test-admin-token';
const isRedisMissing = !hasRedisServer() && process.env.CI !== 'true';

interface ListedRoom {
  id: string;
  players: number;
  node: string;
  url: string;
}

async function listRooms(url: string): Promise<ListedRoom[]> {
  const response = await fetch(`${url}/api/rooms`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { rooms: ListedRoom[] }).rooms;
}

/** Creates a room as the operator: it waits for its players however long the test takes to come. */
async function createRoom(url: string, id: string): Promise<Response> {
  return fetch(`${url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ id }),
  });
}

/** Waits for `check` (HTTP state of another node); resolves with the time it took, ms. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<number> {
  const startedAt = performance.now();
  await waitFor(check, what, { pollMs: 50 });
  return performance.now() - startedAt;
}

/** Resolves once `client` has received snapshots for `ticks` more ticks of its room. */
async function keepsTicking(client: TestClient, ticks = 10): Promise<void> {
  await client.waitForTicks(ticks);
}

describe.skipIf(isRedisMissing)('two nodes sharing one Redis', () => {
  let redis: RedisProcess;
  let nodeA: ArenaServer;
  let urlA: string;
  let nodeB: NodeProcess;
  let urlB: string;
  const clients: TestClient[] = [];
  const connect = async (url: string) => {
    const client = await TestClient.connect(url);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    redis = await RedisProcess.start();
    const cluster = { heartbeatMs: HEARTBEAT_MS, nodeTtlMs: NODE_TTL_MS, adminToken: ADMIN_TOKEN };
    // Node B is a real process (so it can be SIGKILLed); node A runs in the test process.
    nodeB = NodeProcess.spawn([
      ...['--redis-url', redis.url, '--node-id', 'node-b', '--admin-token', ADMIN_TOKEN],
      ...['--heartbeat-ms', String(HEARTBEAT_MS), '--node-ttl-ms', String(NODE_TTL_MS)],
    ]);
    ({ server: nodeA, url: urlA } = await startTestServer({
      ...cluster,
      redisUrl: redis.url,
      nodeId: 'node-a',
    }));
    urlB = await nodeB.url();
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    nodeB?.kill();
    await nodeA?.shutdown();
    await redis?.kill();
  });

  test('rooms created on either node are listed by both, each with its node and URL', async () => {
    expect((await createRoom(urlA, 'room-a')).status).toBe(201);
    const created = await createRoom(urlB, 'room-b');
    expect(created.status).toBe(201);
    expect(((await created.json()) as { room: ListedRoom }).room).toMatchObject({
      node: 'node-b',
      url: urlB,
    });

    for (const url of [urlA, urlB]) {
      await eventually(async () => (await listRooms(url)).length === 2, `both rooms listed by ${url}`);
      const rooms = await listRooms(url);
      expect(rooms.find((room) => room.id === 'room-a')).toMatchObject({ node: 'node-a', url: urlA });
      expect(rooms.find((room) => room.id === 'room-b')).toMatchObject({ node: 'node-b', url: urlB });
    }
    const cluster = (await (await fetch(`${urlA}/api/cluster`)).json()) as { nodes: { id: string }[] };
    expect(cluster.nodes.map((node) => node.id)).toEqual(['node-a', 'node-b']);
    const metrics = await (await fetch(`${urlB}/metrics`)).text();
    expect(metrics).toMatch(/^arena_cluster_nodes 2$/m);
    expect(metrics).toMatch(/^arena_cluster_rooms 2$/m);
    expect(metrics).toMatch(/^arena_cluster_redis_up 1$/m);
  });

  test('a room id taken on one node cannot be created on the other', async () => {
    const response = await createRoom(urlA, 'room-b');
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.BAD_OPTION);
  });

  test('a join sent to the other node is redirected, and the player plays on the room node', async () => {
    const wanderer = await connect(urlA);
    wanderer.send({ type: 'join', protocolVersion: 1, name: 'wanderer', roomId: 'room-b' });
    const redirect = await wanderer.waitForMessage('redirect');
    expect(redirect).toEqual({ type: 'redirect', roomId: 'room-b', url: urlB });
    expect(wanderer.welcome).toBeUndefined();

    const player = await connect(redirect.url);
    expect((await player.join('room-b', 'wanderer')).roomId).toBe('room-b');
    player.input(1, 0);
    await keepsTicking(player);
    await eventually(
      async () => (await listRooms(urlA)).find((room) => room.id === 'room-b')?.players === 1,
      'the player count of room-b on node A',
    );
  });

  test('a rejoin with a seat token of node B, sent to node A, is redirected to node B', async () => {
    const player = await connect(urlB);
    const welcome = await player.join('room-b', 'flaky');
    const elsewhere = await connect(urlA);
    elsewhere.send({ type: 'rejoin', protocolVersion: 1, seatToken: welcome.seatToken! });
    expect(await elsewhere.waitForMessage('redirect')).toEqual({
      type: 'redirect',
      roomId: 'room-b',
      url: urlB,
    });
    player.close();
  });

  test('a node that stops gracefully takes its rooms off every list at once, not after the TTL', async () => {
    const { server: nodeC, url: urlC } = await startTestServer({
      redisUrl: redis.url,
      nodeId: 'node-c',
      heartbeatMs: HEARTBEAT_MS,
      nodeTtlMs: 60_000,
    });
    expect((await createRoom(urlC, 'room-c')).status).toBe(201);
    await eventually(
      async () => (await listRooms(urlA)).some((room) => room.id === 'room-c'),
      'room-c listed',
    );
    await nodeC.shutdown();
    const tookMs = await eventually(
      async () => !(await listRooms(urlA)).some((room) => room.id === 'room-c'),
      'room-c gone from node A',
    );
    expect(tookMs).toBeLessThan(5000); // its TTL was 60 s
  });

  test('lobby watchers on one node see the other node rooms and its lobby chat', async () => {
    const watcherA = await connect(urlA);
    const watcherB = await connect(urlB);
    watcherA.send({ type: 'lobby', watch: true, name: 'ann' });
    watcherB.send({ type: 'lobby', watch: true, name: 'bob' });
    const list = await watcherA.waitForMessage('roomList');
    expect(list.rooms.map((room) => room.id).sort()).toEqual(['room-a', 'room-b']);
    await watcherB.waitForMessage('roomList');

    expect((await createRoom(urlB, 'room-b2')).status).toBe(201);
    await watcherA.waitFor(
      () =>
        watcherA
          .ofType('roomList')
          .at(-1)
          ?.rooms.some((room) => room.id === 'room-b2') === true,
      'room-b2 pushed to a lobby watcher of node A',
    );

    watcherB.send({ type: 'chat', text: 'hello from B' });
    await watcherA.waitFor(
      () => watcherA.ofType('chatLine').some((line) => line.text === 'hello from B' && line.name === 'bob'),
      'lobby chat relayed from node B',
    );
    watcherA.close();
    watcherB.close();
  });

  test('an announcement made on one node reaches players and lobby watchers on both', async () => {
    const playerA = await connect(urlA);
    await playerA.join('room-a', 'alice');
    const watcherB = await connect(urlB);
    watcherB.send({ type: 'lobby', watch: true, name: 'bob' });
    await watcherB.waitForMessage('roomList');

    const refused = await fetch(`${urlB}/api/announcements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'no token' }),
    });
    expect(refused.status).toBe(401);
    const response = await fetch(`${urlB}/api/announcements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ text: 'maintenance at noon', level: 'warn' }),
    });
    expect(response.status).toBe(202);
    for (const client of [playerA, watcherB]) {
      await client.waitFor(
        () => client.ofType('notice').some((notice) => notice.text === 'maintenance at noon'),
        'the announcement',
      );
    }
  });

  test('an admin on node A closes a room that node B hosts; its players are told ROOM_CLOSED', async () => {
    const player = await connect(urlB);
    await player.join('room-b2', 'doomed');
    const response = await fetch(`${urlA}/api/rooms/room-b2`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ closed: 'room-b2', node: 'node-b' });
    await player.waitFor(
      () => player.ofType('error').some((error) => error.code === ErrorCode.ROOM_CLOSED),
      'ROOM_CLOSED',
    );
    await eventually(
      async () => !(await listRooms(urlA)).some((room) => room.id === 'room-b2'),
      'room-b2 gone from node A',
    );
    const missing = await fetch(`${urlA}/api/rooms/no-such-room`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(missing.status).toBe(404);
  });

  test('a Redis restart is survived: both nodes register again and rooms keep ticking meanwhile', async () => {
    const player = await connect(urlA);
    await player.join('room-a', 'steady');
    await keepsTicking(player);

    await redis.kill();
    await keepsTicking(player);
    expect((await listRooms(urlA)).map((room) => room.id).sort()).toEqual(['room-a', 'room-b']);
    await redis.start();

    // The restarted Redis is empty: the registry comes back from the nodes' next heartbeats.
    for (const url of [urlA, urlB]) {
      await eventually(async () => {
        const cluster = (await (await fetch(`${url}/api/cluster`)).json()) as { redis: string };
        return cluster.redis === 'up';
      }, `${url} reconnected to Redis`);
    }
    const freshRoom = await createRoom(urlB, 'after-restart');
    expect(freshRoom.status).toBe(201);
    await eventually(
      async () => (await listRooms(urlA)).some((room) => room.id === 'after-restart'),
      'a room created after the restart listed on the other node',
    );
    expect((await listRooms(urlA)).map((room) => room.id).sort()).toEqual([
      'after-restart',
      'room-a',
      'room-b',
    ]);
    await keepsTicking(player);
  });

  test('SIGKILL of node B: its rooms leave the list within the heartbeat bound; node A keeps ticking', async () => {
    const player = await connect(urlA);
    await player.join('room-a', 'survivor');
    expect((await listRooms(urlA)).some((room) => room.node === 'node-b')).toBe(true);

    nodeB.kill('SIGKILL');
    await nodeB.exited;
    const tookMs = await eventually(
      async () => !(await listRooms(urlA)).some((room) => room.node === 'node-b'),
      "node B's rooms gone from node A",
    );
    // Bound: NODE_TTL_MS + HEARTBEAT_MS; the slack absorbs a busy test machine.
    expect(tookMs).toBeLessThan(NODE_TTL_MS + HEARTBEAT_MS + 2000);
    expect((await listRooms(urlA)).map((room) => room.id)).toEqual(['room-a']);
    await keepsTicking(player);

    // A join for a room of the dead node is no longer redirected.
    const late = await connect(urlA);
    late.send({ type: 'join', protocolVersion: 1, name: 'late', roomId: 'room-b' });
    const refused = await late.waitForMessage('error');
    expect(refused.code).toBe(ErrorCode.ROOM_NOT_FOUND);
  });
});

describe.skipIf(isRedisMissing)('Redis unreachable at start', () => {
  test('createArenaServer fails with CLUSTER_UNAVAILABLE naming the URL', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const attempt = startTestServer({ redisUrl: url });
    await expect(attempt).rejects.toThrow(ArenaError);
    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.CLUSTER_UNAVAILABLE });
    await expect(attempt).rejects.toThrow(`cannot reach Redis at ${url}`);
  });

  test('the binary exits 2 with the reason', async () => {
    const node = NodeProcess.spawn(['--redis-url', `redis://127.0.0.1:${await freePort()}`]);
    expect(await node.exited).toBe(2);
    expect(node.log).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/? \(.*\)/);
  });
});

test('without redisUrl the server is a single process: no Redis, GET /api/cluster says so', async () => {
  const { server, url } = await startTestServer();
  const cluster = await (await fetch(`${url}/api/cluster`)).json();
  expect(cluster).toMatchObject({ mode: 'single', redis: 'none', nodes: [{ id: 'local', rooms: 0 }] });
  await server.shutdown();
});
