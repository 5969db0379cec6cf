import { CHAT_MAX_CHARS, ErrorCode } from '@arena/protocol';
import type { ArenaServer } from '@arena/server';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TestClient } from './support/test-client';
import { startTestServer } from './support/test-server';

let server: ArenaServer;
let url: string;
const clients: TestClient[] = [];

async function connect(): Promise<TestClient> {
  const client = await TestClient.connect(url);
  clients.push(client);
  return client;
}

beforeEach(async () => {
  ({ server, url } = await startTestServer());
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.shutdown();
});

const roomsSeenBy = (client: TestClient) => client.ofType('roomList').at(-1)?.rooms ?? [];

describe('lobby', () => {
  test('watchers get the room list at once, then pushes as rooms appear, fill and close', async () => {
    const watcher = await connect();
    watcher.send({ type: 'lobby', watch: true, name: 'watcher' });
    await watcher.waitForMessage('roomList');
    expect(roomsSeenBy(watcher)).toEqual([]);

    const player = await connect();
    const welcome = await player.join('any', 'p1');
    await watcher.waitFor(
      () => roomsSeenBy(watcher).some((r) => r.id === welcome.roomId && r.players === 1),
      'the new room with one player',
    );
    player.send({ type: 'leave' });
    await watcher.waitFor(
      () => roomsSeenBy(watcher).some((r) => r.id === welcome.roomId && r.players === 0),
      'the room emptied',
    );
    server.directory.get(welcome.roomId)?.close(ErrorCode.ROOM_CLOSED, 'closed by test');
    await watcher.waitFor(() => roomsSeenBy(watcher).length === 0, 'the room gone from the list');
  });

  test('a player who joins a room stops receiving lobby pushes', async () => {
    const client = await connect();
    const control = await connect(); // keeps watching: the push it gets is the one the player must not
    client.send({ type: 'lobby', watch: true, name: 'c' });
    control.send({ type: 'lobby', watch: true, name: 'control' });
    await client.waitForMessage('roomList');
    await control.waitForMessage('roomList');
    const welcome = await client.join('any', 'c');
    const listsBefore = client.ofType('roomList').length;
    await (await connect()).join('any', 'other');
    await control.waitFor(
      () => roomsSeenBy(control).some((r) => r.id === welcome.roomId && r.players === 2),
      'the push of the second player',
    );
    // the push went out before the server answered this ping, on the same socket
    await client.waitForTicks(1);
    expect(client.ofType('roomList').length).toBe(listsBefore);
  });
});

describe('chat', () => {
  test('room chat reaches everyone in the room, sanitised, with the sender name', async () => {
    const alice = await connect();
    const bob = await connect();
    const welcome = await alice.join('any', 'alice');
    await bob.join(welcome.roomId, 'bob');
    alice.send({ type: 'chat', text: '  <b>hi</b>\u0007   there\u202E ' });
    const line = await bob.waitForMessage('chatLine');
    expect(line).toEqual({
      type: 'chatLine',
      fromId: welcome.playerId,
      name: 'alice',
      text: '<b>hi</b> there',
      scope: 'room',
    });
    await alice.waitFor(() => alice.ofType('chatLine').length === 1, 'the echo to the sender');
    expect(alice.ofType('chatLine')[0]!.text).toBe('<b>hi</b> there');
  });

  test('lobby chat reaches lobby watchers, not players in rooms', async () => {
    const a = await connect();
    const b = await connect();
    const inRoom = await connect();
    a.send({ type: 'lobby', watch: true, name: 'ann' });
    b.send({ type: 'lobby', watch: true, name: 'ben' });
    await inRoom.join('any', 'busy');
    await b.waitForMessage('roomList');
    a.send({ type: 'chat', text: 'anyone up for a duel?' });
    expect(await b.waitForMessage('chatLine')).toMatchObject({
      name: 'ann',
      text: 'anyone up for a duel?',
      scope: 'lobby',
    });
    await inRoom.waitForTicks(1); // a line sent to it would have come before the pong
    expect(inRoom.ofType('chatLine')).toHaveLength(0);
  });

  test('chat is rate limited with RATE_LIMITED, and overlong lines are refused', async () => {
    const client = await connect();
    await client.join('any', 'spammer');
    for (let i = 0; i < 8; i++) client.send({ type: 'chat', text: `line ${i}` });
    await client.waitFor(
      () => client.ofType('error').some((e) => e.code === ErrorCode.RATE_LIMITED),
      'RATE_LIMITED',
    );
    await client.waitFor(() => client.ofType('chatLine').length === 5, 'the 5 lines of the burst');
    client.send({ type: 'chat', text: 'x'.repeat(CHAT_MAX_CHARS + 1) });
    await client.waitFor(
      () => client.ofType('error').some((e) => e.code === ErrorCode.BAD_MESSAGE),
      'BAD_MESSAGE',
    );
    expect(client.socket.connected).toBe(true);
  });

  test('shutdown is announced as a notice to the lobby and to players', async () => {
    const watcher = await connect();
    const player = await connect();
    watcher.send({ type: 'lobby', watch: true, name: 'w' });
    await watcher.waitForMessage('roomList');
    await player.join('any', 'p');
    await server.shutdown('restarting for an update');
    await watcher.waitFor(() => watcher.disconnectReason !== undefined, 'disconnect');
    await player.waitFor(() => player.disconnectReason !== undefined, 'disconnect');
    expect(watcher.ofType('notice')).toContainEqual({
      type: 'notice',
      text: 'restarting for an update',
      level: 'warn',
    });
    expect(player.ofType('notice')).toContainEqual({
      type: 'notice',
      text: 'restarting for an update',
      level: 'warn',
    });
  });
});
