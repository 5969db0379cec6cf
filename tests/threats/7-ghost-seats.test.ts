// Ghost seats (issue 15, item 5): a client that drops without leaving keeps its seat for the grace
// period. Those seats count against the address that left them, and "any" matchmaking sends
// newcomers to rooms whose players are connected, not to rooms of ghosts.
import { ErrorCode, PROTOCOL_VERSION } from '@arena/protocol';
import { waitFor } from '@arena/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { OTHER_ADDRESSES } from './support/other-addresses';
import { ThreatServer } from './support/threat-server';

const [A, B] = OTHER_ADDRESSES;

let t: ThreatServer;
afterEach(async () => {
  await t.stop();
});

/** Joins `roomId` from `address`, then drops the connection without a leave: the seat token. */
async function dropSeatFrom(address: string, roomId: string, name: string): Promise<string> {
  const ghostsBefore = t.server.resources().ghostSeats;
  const client = await t.connect(address);
  const welcome = await client.join(roomId, name);
  client.close(); // no leave: the seat waits for a rejoin
  await waitFor(() => t.server.resources().ghostSeats === ghostsBefore + 1, `the seat of ${name} held`);
  return welcome.seatToken!;
}

describe('THREATS: ghost seats', () => {
  test('seats an address left by dropping its connections count against its connection cap: its next join is refused with RATE_LIMITED, a rejoin with a seat token still works, other addresses are unaffected', async () => {
    t = await ThreatServer.start({ maxConnectionsPerIp: 3, reconnectGraceMs: 60_000 });
    const roomId = await t.createRoom({ id: 'hall', maxPlayers: 16 });
    const room = t.server.directory.get(roomId)!;
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) tokens.push(await dropSeatFrom(A, roomId, `ghost${i}`));
    expect(room.awayCount).toBe(3);

    // 1 connection + 3 ghost seats: over the cap of 3, so no new seat for A
    const again = await t.connect(A);
    again.send({ type: 'join', protocolVersion: PROTOCOL_VERSION, name: 'ghost3', roomId });
    const refused = await again.waitForMessage('error');
    expect(refused).toMatchObject({
      code: ErrorCode.RATE_LIMITED,
      message: expect.stringMatching(/3 seats waiting for a rejoin \(at most 3 in all\)/),
    });
    expect(room.playerCount).toBe(3);

    // taking a ghost seat back is always allowed: the seat becomes a connection again
    again.send({ type: 'rejoin', protocolVersion: PROTOCOL_VERSION, seatToken: tokens[0]! });
    const back = await again.waitForMessage('welcome');
    expect(back.players.find((p) => p.id === back.playerId)?.name).toBe('ghost0');
    expect(room.awayCount).toBe(2);

    // another address is not affected
    const honest = await t.connect(B);
    expect((await honest.join(roomId, 'honest')).roomId).toBe(roomId);

    // the room list tells connected players from seats waiting for a rejoin
    const listed = (await (await fetch(`${t.url}/api/rooms`)).json()) as {
      rooms: { id: string; players: number; away: number }[];
    };
    expect(listed.rooms.find((r) => r.id === roomId)).toMatchObject({ players: 4, away: 2 });
    expect(await t.metric('arena_refused_total', { code: ErrorCode.RATE_LIMITED })).toBeGreaterThanOrEqual(1);
  });

  test('"any" sends a newcomer to the room whose players are connected, not to a room of seats held for a rejoin', async () => {
    t = await ThreatServer.start({ reconnectGraceMs: 60_000 });
    const ghostRoom = await t.createRoom({ id: 'ghosts', maxPlayers: 16 });
    const liveRoom = await t.createRoom({ id: 'lively', maxPlayers: 16 });
    for (let i = 0; i < 4; i++) await dropSeatFrom(A, ghostRoom, `ghost${i}`);
    const player = await t.connect(B);
    await player.join(liveRoom, 'player');
    expect(t.server.directory.get(ghostRoom)!.playerCount).toBe(4);

    const newcomer = await t.connect();
    expect((await newcomer.join('any', 'newcomer')).roomId).toBe(liveRoom);
    expect(t.server.directory.size).toBe(2);
  });
});
