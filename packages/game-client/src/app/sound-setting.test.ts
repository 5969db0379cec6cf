import { describe, expect, test } from 'vitest';
import type { NameStorage } from './player-name';
import { loadSoundMuted, SOUND_MUTED_KEY, saveSoundMuted } from './sound-setting';

function memoryStorage(): NameStorage & { readonly map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value) };
}

describe('sound setting', () => {
  test('sounds are on for a first visit', () => {
    expect(loadSoundMuted(memoryStorage())).toBe(false);
    expect(loadSoundMuted(undefined)).toBe(false);
  });

  test('a mute is remembered, and so is the unmute after it', () => {
    const storage = memoryStorage();
    saveSoundMuted(storage, true);
    expect(storage.map.get(SOUND_MUTED_KEY)).toBe('1');
    expect(loadSoundMuted(storage)).toBe(true);
    saveSoundMuted(storage, false);
    expect(loadSoundMuted(storage)).toBe(false);
  });

  test('storage that throws neither breaks the game nor mutes it', () => {
    const broken: NameStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => saveSoundMuted(broken, true)).not.toThrow();
    expect(loadSoundMuted(broken)).toBe(false);
  });
});
