import { expect, test } from 'vitest';
import { manyRoomIds, observerIndices, playersInRoom, roomCount, roomOfBot } from './room-plan';

test('N bots fill ceil(N / S) rooms in order, the last room taking the remainder', () => {
  expect(roomCount(480, 16)).toBe(30);
  expect(roomCount(50, 16)).toBe(4);
  expect(roomCount(50, undefined)).toBe(1);
  const rooms = Array.from({ length: 50 }, (_, i) => roomOfBot(i, 16));
  expect(rooms.slice(0, 17)).toEqual([...new Array(16).fill(0), 1]);
  expect(rooms.at(-1)).toBe(3);
  expect([0, 1, 2, 3].map((r) => playersInRoom(r, 50, 16))).toEqual([16, 16, 16, 2]);
  expect(playersInRoom(0, 50, undefined)).toBe(50);
  expect(roomOfBot(49, undefined)).toBe(0);
});

test('room ids are "<base>-<k>" and never longer than the server allows', () => {
  expect(manyRoomIds('bench', 3)).toEqual(['bench-0', 'bench-1', 'bench-2']);
  const long = manyRoomIds('a'.repeat(32), 120);
  expect(long.every((id) => id.length <= 32)).toBe(true);
  expect(new Set(long).size).toBe(120);
});

test('observers: the first bot of K evenly spaced rooms, then second bots when K > rooms', () => {
  expect([...observerIndices(480, 16, 10)].sort((a, b) => a - b)).toEqual([
    0, 48, 96, 144, 192, 240, 288, 336, 384, 432,
  ]);
  // 4 rooms of 16 (the last of 2), K = 6: first bots of all, then second bots of rooms 0 and 1
  expect([...observerIndices(50, 16, 6)].sort((a, b) => a - b)).toEqual([0, 1, 16, 17, 32, 48]);
  expect([...observerIndices(200, undefined, 10)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(observerIndices(3, 1, 10).size).toBe(3);
});
