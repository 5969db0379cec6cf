import { expect, test } from 'vitest';
import { SEAT_KEY, SeatMemory, type SeatStorage } from './seat-memory';

function mapStorage(): SeatStorage & { readonly map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

test('a tab remembers its seat until it leaves it, and storage that throws is no error', () => {
  const storage = mapStorage();
  const memory = new SeatMemory(storage);
  expect(memory.recall()).toBeUndefined();
  memory.remember('r1.7.secret');
  expect(storage.map.get(SEAT_KEY)).toBe('r1.7.secret');
  expect(new SeatMemory(storage).recall()).toBe('r1.7.secret'); // what the reloaded page reads
  memory.forget();
  expect(memory.recall()).toBeUndefined();
  const throwing: SeatStorage = {
    getItem: () => {
      throw new Error('denied');
    },
    setItem: () => {
      throw new Error('denied');
    },
    removeItem: () => {
      throw new Error('denied');
    },
  };
  const none = new SeatMemory(throwing);
  none.remember('x');
  expect(none.recall()).toBeUndefined();
  expect(new SeatMemory(undefined).recall()).toBeUndefined();
});
