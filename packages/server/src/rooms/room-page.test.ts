import { expect, test } from 'vitest';
import { lobbyRooms, pageOfRooms } from './room-page';

const room = (id: string, players = 0, maxPlayers = 4, away = 0) => ({ id, players, maxPlayers, away });

test('pages go through the rooms in id order, each after the cursor, with a next cursor until the last', () => {
  const rooms = ['e', 'a', 'd', 'c', 'b'].map((id) => room(id));
  const first = pageOfRooms(rooms, { limit: 2 });
  expect(first).toEqual({ rooms: [room('a'), room('b')], nextCursor: 'b' });
  const second = pageOfRooms(rooms, { limit: 2, cursor: first.nextCursor });
  expect(second).toEqual({ rooms: [room('c'), room('d')], nextCursor: 'd' });
  expect(pageOfRooms(rooms, { limit: 2, cursor: 'd' })).toEqual({ rooms: [room('e')] });
  expect(pageOfRooms(rooms, { limit: 5 })).toEqual({
    rooms: rooms.toSorted((x, y) => (x.id < y.id ? -1 : 1)),
  });
  expect(pageOfRooms([], { limit: 5 })).toEqual({ rooms: [] });
});

test('a room created or closed between two pages neither repeats nor hides the rooms that stayed', () => {
  const rooms = ['a', 'b', 'c', 'd'].map((id) => room(id));
  const first = pageOfRooms(rooms, { limit: 2 });
  const changed = [room('aa'), ...rooms.filter((r) => r.id !== 'a'), room('z')];
  const rest = pageOfRooms(changed, { limit: 10, cursor: first.nextCursor });
  expect(rest.rooms.map((r) => r.id)).toEqual(['c', 'd', 'z']);
});

test('the lobby gets rooms with a free seat first, the most connected players first, at most max', () => {
  const rooms = [
    room('full', 4, 4),
    room('ghosts', 3, 8, 3),
    room('busy', 3, 8),
    room('quiet', 1, 8),
    room('a-empty', 0, 8),
    room('b-empty', 0, 8),
  ];
  expect(lobbyRooms(rooms, 10).map((r) => r.id)).toEqual([
    'busy',
    'quiet',
    'a-empty',
    'b-empty',
    'ghosts',
    'full',
  ]);
  expect(lobbyRooms(rooms, 2).map((r) => r.id)).toEqual(['busy', 'quiet']);
});
