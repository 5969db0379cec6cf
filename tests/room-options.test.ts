import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode } from '@arena/protocol';
import type { ArenaServer } from '@arena/server';
import { waitFor, waitForTicks } from '@arena/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { createRoomAsOperator } from './support/operator-room';
import { TestClient } from './support/test-client';
import { startTestServer } from './support/test-server';

const ARENA_BIN = fileURLToPath(new URL('../packages/server/bin/arena.mjs', import.meta.url));
let server: ArenaServer | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.shutdown();
  server = undefined;
});

/** Rooms are created as the operator: bench rooms need the admin token (or a trusted address). */
const ADMIN_TOKEN = 'room-options-admin-token';

async function start(options = {}) {
  const started = await startTestServer({ adminToken: ADMIN_TOKEN, ...options });
  server = started.server;
  return started.url;
}

// the rooms asked for here are valid: their answers carry a room
const createRoom = (url: string, body: object) =>
  createRoomAsOperator(url, body, ADMIN_TOKEN) as Promise<{
    status: number;
    json: { room: Record<string, unknown> };
  }>;

describe('room options for netcode study', () => {
  test('lag compensation is on by default in arena rooms, switchable, and listed', async () => {
    const url = await start();
    expect((await createRoom(url, { id: 'comp' })).json.room).toMatchObject({
      lagCompensation: true,
      network: 'none',
      recording: false,
    });
    expect((await createRoom(url, { id: 'raw', lagCompensation: false })).json.room).toMatchObject({
      lagCompensation: false,
    });
    expect((await createRoom(url, { id: 'b', mode: 'bench' })).json.room).toMatchObject({
      lagCompensation: false,
    });
  });

  test('a network profile or custom conditions can be set per room; bad ones are 400s', async () => {
    const url = await start();
    expect((await createRoom(url, { id: 'w', network: 'bad-wifi' })).json.room.network).toBe('bad-wifi');
    const custom = { latencyMs: 75, jitterMs: 0, lossPct: 2, bandwidthKbps: 0 };
    expect((await createRoom(url, { id: 'c', network: custom })).json.room.network).toBe('custom');
    expect((await createRoom(url, { id: 'x', network: 'carrier-pigeon' })).status).toBe(400);
    expect((await createRoom(url, { id: 'y', network: { ...custom, lossPct: 90 } })).status).toBe(400);
  });

  test('a simulated network delays messages both ways, and its losses hold snapshots back as TCP does, never drop them', async () => {
    const url = await start();
    await createRoom(url, {
      id: 'lossy',
      tickRateHz: 60,
      network: { latencyMs: 60, jitterMs: 0, lossPct: 20, bandwidthKbps: 0 },
    });
    const client = await TestClient.connect(url);
    clients.push(client);
    await client.join('lossy', 'tester');
    const sentAt = Date.now();
    client.send({ type: 'ping', clientTimeMs: 1 });
    await client.waitForMessage('pong');
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(110); // 60 ms each way
    const firstTick = client.worlds.at(-1)?.tick ?? 0;
    await client.waitFor(
      () => (client.worlds.at(-1)?.tick ?? 0) >= firstTick + 300,
      '300 more ticks',
      15_000,
    );
    // a WebSocket is one TCP stream: a lost segment is resent and everything behind it waits
    // (NetworkShaper), so every snapshot of the 300 ticks arrives, in order
    const ticks = client.worlds
      .filter((w) => w.tick > firstTick && w.tick <= firstTick + 300)
      .map((w) => w.tick);
    expect(ticks).toEqual(Array.from({ length: 300 }, (_, i) => firstTick + 1 + i));
  });

  test('GET /api/rooms/:id/bytes tells where the snapshot bytes go, field by field', async () => {
    const url = await start();
    await createRoom(url, { id: 'counted', mode: 'bench', strategy: 'delta' });
    const bytesOf = () => fetch(`${url}/api/rooms/counted/bytes`);
    expect((await bytesOf()).status).toBe(409); // no snapshot sent yet
    const a = await TestClient.connect(url);
    clients.push(a);
    const welcome = await a.join('counted', 'mover');
    await a.waitFor(() => a.worlds.length > 0, 'a first snapshot');
    const me = a.latestWorld()!.world.players.find((player) => player.id === welcome.playerId)!;
    const room = server!.directory.get('counted')!;
    // A delta body carries a position only for a player who moved since the baseline, so the
    // player walks (towards the middle, one input a tick) for as long as the route is asked.
    let isWalking = true;
    const walking = (async () => {
      for (let i = 0; isWalking; i++) {
        a.input(me.x < 1000 ? 1 : -1, me.y < 1000 ? 1 : -1, false, i / 5);
        await waitForTicks(() => room.tickCount, 1);
      }
    })();
    type Attribution = { strategy: string; totalBytes: number; shares: { field: string; share: number }[] };
    let attribution: Attribution;
    try {
      attribution = await waitFor(async () => {
        const response = await bytesOf();
        if (response.status !== 200) return undefined;
        const answer = (await response.json()) as Attribution;
        return answer.shares.some((share) => share.field === 'player.position') ? answer : undefined;
      }, 'position bytes in the attribution while the player walks');
    } finally {
      isWalking = false;
      await walking;
    }
    expect(attribution.strategy).toBe('delta');
    expect(attribution.totalBytes).toBeGreaterThan(0);
    expect(attribution.shares.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 6);
    expect((await fetch(`${url}/api/rooms/nowhere/bytes`)).status).toBe(404);
  });

  test('a recorded room writes a file that `arena replay` verifies tick by tick', async () => {
    const recordingsDir = mkdtempSync(join(tmpdir(), 'arena-recordings-'));
    const url = await start({ recordingsDir });
    await createRoom(url, { id: 'taped', tickRateHz: 30, record: true });
    const a = await TestClient.connect(url);
    const b = await TestClient.connect(url);
    clients.push(a, b);
    await a.join('taped', 'a');
    await b.join('taped', 'b');
    const taped = server!.directory.get('taped')!;
    for (let i = 0; i < 30; i++) {
      a.input(1, 0.5, i % 5 === 0, 0);
      b.input(-1, 0, i % 7 === 0, Math.PI);
      await waitForTicks(() => taped.tickCount, 1);
    }
    await a.waitFor(() => (a.latestWorld()?.ackSeq ?? 0) >= 30, 'all inputs applied');
    server!.directory.get('taped')!.close(ErrorCode.ROOM_CLOSED, 'end of the match');
    // the gzip stream finishes asynchronously after the room closes: wait until the file is whole
    await waitFor(async () => {
      const listed = (await (await fetch(`${url}/api/recordings`)).json()) as {
        recordings: { isComplete: boolean }[];
      };
      return listed.recordings[0]?.isComplete;
    }, 'the recording complete');
    const files = readdirSync(recordingsDir);
    expect(files).toHaveLength(1);
    const replay = spawnSync(process.execPath, [ARENA_BIN, 'replay', join(recordingsDir, files[0]!)], {
      encoding: 'utf8',
    });
    expect(replay.stdout).toMatch(/OK: every tick's state hash matches/);
    expect(replay.status).toBe(0);
  });
});

describe('a client simulating its own network', () => {
  test('netsim applies a profile to that connection only, and "off" removes it', async () => {
    const url = await start();
    const slow = await TestClient.connect(url);
    const fast = await TestClient.connect(url);
    clients.push(slow, fast);
    const roundTrip = async (client: TestClient) => {
      const sentAt = Date.now();
      client.send({ type: 'ping', clientTimeMs: sentAt % 2 ** 32 });
      await client.waitForMessage('pong');
      return Date.now() - sentAt;
    };
    // The fastest of three: a busy machine delays some round trips, and both clients alike, but
    // none comes back sooner than the simulated delay.
    const fastest = async (client: TestClient) =>
      Math.min(await roundTrip(client), await roundTrip(client), await roundTrip(client));
    slow.send({ type: 'netsim', conditions: { latencyMs: 80, jitterMs: 0, lossPct: 0, bandwidthKbps: 0 } });
    const notice = await slow.waitForMessage('notice');
    expect(notice.text).toMatch(/network simulation: \+80 ms each way/);
    const slowRtt = await fastest(slow);
    expect(slowRtt).toBeGreaterThanOrEqual(160); // 80 ms each way, added on the server
    expect(await fastest(fast)).toBeLessThan(slowRtt);
    slow.send({ type: 'netsim', conditions: undefined });
    await slow.waitFor(
      () => slow.ofType('notice').some((n) => n.text === 'network simulation off'),
      'off notice',
    );
    expect(await fastest(slow)).toBeLessThan(slowRtt);
  });
});
