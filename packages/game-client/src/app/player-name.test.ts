import { describe, expect, test } from 'vitest';
import { loadPlayerName, type NameStorage, PLAYER_NAME_KEY, savePlayerName } from './player-name';

function memoryStorage(): NameStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

describe('player name', () => {
  test('a saved name is loaded next time', () => {
    const storage = memoryStorage();
    expect(savePlayerName(storage, '  Ada   Lovelace ')).toBe('Ada Lovelace');
    expect(loadPlayerName(storage)).toBe('Ada Lovelace');
  });

  test('an invalid name is not saved', () => {
    const storage = memoryStorage();
    expect(savePlayerName(storage, 'x'.repeat(40))).toBeUndefined();
    expect(storage.data.has(PLAYER_NAME_KEY)).toBe(false);
  });

  test('without a valid stored name a guest name is made up', () => {
    const storage = memoryStorage();
    storage.data.set(PLAYER_NAME_KEY, '\u0000');
    expect(loadPlayerName(storage, () => 0.5)).toBe('guest-5500');
    expect(loadPlayerName(undefined, () => 0)).toBe('guest-1000');
  });

  test('a storage that throws does not break the lobby', () => {
    const throwing: NameStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadPlayerName(throwing, () => 0)).toBe('guest-1000');
    expect(savePlayerName(throwing, 'Bob')).toBe('Bob');
  });
});
