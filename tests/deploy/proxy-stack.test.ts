import { arenaSocketParser, ErrorCode } from '@arena/protocol';
import { waitFor } from '@arena/testing';
import type { Browser } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ArenaPage } from '../e2e/arena-page';
import { ensureClientBuilt, launchChromium } from '../e2e/chromium';
import { TestClient } from '../support/test-client';
import { getFrom } from '../threats/support/other-addresses';
import { ProxyStack } from './support/proxy-stack';

/**
 * The production recipe (docs/deploy.md) end to end on 127.0.0.1: HAProxy with deploy/haproxy.cfg
 * terminating TLS before two Arena nodes and one redis-server. Loopback addresses 127.0.0.2 and
 * up stand for players on other machines.
 */
const CAP = 2; // --max-connections-per-ip on both nodes
const HANDSHAKE = '/socket.io/?EIO=4&transport=polling';
let stack: ProxyStack;
let browser: Browser | undefined;
const sockets: Socket[] = [];
const clients: TestClient[] = [];

beforeAll(async () => {
  ensureClientBuilt();
  // A room made over the API and joined by a page opened afterwards: on a loaded machine the
  // page takes longer than the default 5 s a room nobody has joined is kept (--room-unjoined-ms)
  stack = await ProxyStack.start(['--max-connections-per-ip', String(CAP), '--room-unjoined-ms', '60000']);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  for (const client of clients.splice(0)) client.close();
  await browser?.close();
  await stack?.stop();
}, 30_000);

/** A Socket.IO client on a WebSocket through the proxy, from `localAddress`. */
function socketFrom(localAddress: string, path: string): Socket {
  const socket = io(`${stack.url}${path}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    parser: arenaSocketParser,
    ca: stack.cert,
    localAddress,
  } as Parameters<typeof io>[1]);
  sockets.push(socket);
  return socket;
}

function outcomeOf(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(`refused: ${error.message}`));
  });
}

/** A player through the proxy from `localAddress` (a machine of its own), connected. */
async function playerFrom(localAddress: string, path = '/'): Promise<TestClient> {
  const client = new TestClient(`${stack.url}${path}`, { ca: stack.cert, localAddress } as never);
  clients.push(client);
  await client.waitFor(
    () => client.socket.connected || client.connectError !== undefined,
    'the handshake answered',
  );
  expect(client.connectError).toBeUndefined();
  return client;
}

describe('the production recipe behind HAProxy', () => {
  test('Chromium plays through https: two players behind the proxy land in one room, across the two nodes', async () => {
    const created = await stack.post('/api/rooms', { id: 'duel', maxPlayers: 4 });
    expect(created.status, created.body).toBe(201);
    const inArena = (s: { screen: string }) => s.screen === 'arena';
    const https = { ignoreHTTPSErrors: true };
    const ann = await ArenaPage.open(browser!, `${stack.url}/?room=duel&name=ann`, 'ann', inArena, https);
    // Another context (cookies of its own): the proxy may send it to either node; the other node
    // redirects it to the room's, whose public URL through the proxy names it (?node=node-N).
    const bob = await ArenaPage.open(browser!, `${stack.url}/?room=duel&name=bob`, 'bob', inArena, https);
    // the nodes run with their default server bots: the two humans are what is looked for
    const humans = (s: { players: readonly { name: string }[] }) =>
      s.players.filter((p) => !p.name.startsWith('bot ')).length;
    const seen = await bob.waitFor((s) => humans(s) === 2, 'both players in the room');
    expect(seen.roomId).toBe('duel');
    expect(new URL(bob.page.url()).origin).toBe(stack.url);
    await ann.waitFor((s) => s.players.some((p) => p.name === 'bob'), 'bob seen by ann');
    expect([...ann.errors, ...bob.errors]).toEqual([]);
    await ann.close();
    await bob.close();
  });

  test('the per-address limits count the real client addresses behind the proxy, not the proxy', async () => {
    // Polling handshakes pinned to one node (&node=node-1), so that the refusal's words are read:
    // CAP of them from 127.0.0.2 fill its slots there ...
    const handshake = `${HANDSHAKE}&node=node-1`;
    for (let i = 0; i < CAP; i++) expect((await stack.get(handshake, '127.0.0.2')).status).toBe(200);
    const refused = await stack.get(handshake, '127.0.0.2');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatch(/ARENA_ERR_RATE_LIMITED: too many connections from your address/);
    // ... while another address, through the same proxy, still gets in, on a WebSocket too
    expect((await stack.get(handshake, '127.0.0.3')).status).toBe(200);
    expect(await outcomeOf(socketFrom('127.0.0.3', '/?node=node-1'))).toBe('connected');
  });

  test('a forged X-Forwarded-For sent straight to a node is ignored: the sender is capped as itself', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= CAP; i++) {
      const forged = { 'x-forwarded-for': `10.9.0.${i + 1}` };
      statuses.push((await getFrom(stack.nodeUrls[1]!, HANDSHAKE, '127.0.0.4', forged)).status);
    }
    expect(statuses).toEqual([...Array(CAP).fill(200), 403]);
  });

  test('a node stopped with SIGTERM drains: its players are told why, and new players land on the other node with no refused handshake', async () => {
    const [first, second] = stack.nodes;
    const early = [
      await playerFrom('127.0.0.5', '/?node=node-1'),
      await playerFrom('127.0.0.6', '/?node=node-1'),
    ];
    for (const client of early) await client.join('any', 'early');
    first!.kill('SIGTERM');
    for (const client of early) {
      await client.waitFor(
        () => client.ofType('error').some((error) => error.code === ErrorCode.SERVER_SHUTDOWN),
        'told SERVER_SHUTDOWN',
      );
    }
    // node-1 drains (--shutdown-drain-ms) and stopped listening: every new player, even one whose
    // URL names node-1, is sent to node-2 by the proxy, and none is refused
    const late: TestClient[] = [];
    for (let i = 0; i < 6; i++) {
      const client = await playerFrom(`127.0.0.${10 + i}`, i % 2 === 0 ? '/?node=node-1' : '/');
      await client.join('any', 'late');
      late.push(client);
    }
    expect(first!.child.exitCode ?? 'still draining').toBe('still draining');
    const listed = (await (await fetch(`${stack.nodeUrls[1]}/api/rooms`)).json()) as {
      rooms: { id: string; node?: string }[];
    };
    const joined = [...new Set(late.map((client) => client.ofType('welcome').at(-1)!.roomId))];
    expect(joined.map((id) => listed.rooms.find((room) => room.id === id)?.node)).toEqual(
      joined.map(() => 'node-2'),
    );
    expect(await first!.exited).toBe(0);
    expect(second!.child.exitCode).toBeNull();
    await waitFor(() => late.every((client) => client.socket.connected), 'the late players still connected');
  });
});
