import { expect, test } from 'vitest';
import { UnjoinedRooms } from './unjoined-rooms';

test('counts the rooms nobody has joined by creator, and forgets a room once released', () => {
  const rooms = new UnjoinedRooms();
  rooms.created('a', '10.0.0.1');
  rooms.created('b', '10.0.0.1');
  rooms.created('c', '10.0.0.2');
  expect(rooms.heldBy('10.0.0.1')).toBe(2);
  expect(rooms.heldBy('10.0.0.2')).toBe(1);
  rooms.release('a');
  rooms.release('a'); // a join and then the close: counted once
  rooms.release('unknown');
  expect(rooms.heldBy('10.0.0.1')).toBe(1);
  rooms.release('b');
  rooms.release('c');
  expect(rooms.heldBy('10.0.0.1')).toBe(0);
  expect(rooms.size).toBe(0);
});

test('a room id is counted once, for its first creator', () => {
  const rooms = new UnjoinedRooms();
  rooms.created('a', '10.0.0.1');
  rooms.created('a', '10.0.0.2');
  expect(rooms.heldBy('10.0.0.1')).toBe(1);
  expect(rooms.heldBy('10.0.0.2')).toBe(0);
});
