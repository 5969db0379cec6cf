import { expect, test } from 'vitest';
import { TestClient } from '../support/test-client';
import { ArenaPage } from './arena-page';
import { useGameInChromium } from './game-in-chromium';

/** Issue 16, bug 2: reloading the page mid-game takes the same seat back, and leaves no ghost. */
const game = useGameInChromium();

test('a reload mid-game takes the same seat back: the same player, no second one, no ghost', async () => {
  const created = await fetch(`${game.url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'reloads', maxPlayers: 4 }),
  });
  expect(created.status).toBe(201);
  const bob = await TestClient.connect(game.url);
  await bob.join('reloads', 'bob');
  const ann = await ArenaPage.open(
    game.browser,
    `${game.url}/?room=reloads&name=ann`,
    'ann',
    (s) => s.self !== null,
  );
  try {
    const before = await ann.state();
    await ann.page.reload();
    const after = await ann.waitFor(
      (s) => s.screen === 'arena' && s.self !== null,
      'the seat after the reload',
    );
    expect(after.playerId).toBe(before.playerId);
    expect(after.roomId).toBe('reloads');
    const rooms = (await (await fetch(`${game.url}/api/rooms`)).json()) as {
      rooms: { id: string; players: number; away?: number }[];
    };
    expect(rooms.rooms.find((room) => room.id === 'reloads')).toMatchObject({ players: 2, away: 0 });
    expect(after.players.map((player) => player.name).sort()).toEqual(['ann', 'bob']);
    expect(ann.errors).toEqual([]);
  } finally {
    await ann.close();
    bob.close();
  }
});
