import type { NameStorage } from './player-name';

/** localStorage key of the remembered mute choice. */
export const SOUND_MUTED_KEY = 'arena.soundMuted';

/** True when the player muted the game's sounds on an earlier visit; sounds are on by default. */
export function loadSoundMuted(storage: NameStorage | undefined): boolean {
  try {
    return storage?.getItem(SOUND_MUTED_KEY) === '1';
  } catch {
    return false;
  }
}

/** Remembers the mute choice; storage that throws (private mode) just forgets it. */
export function saveSoundMuted(storage: NameStorage | undefined, isMuted: boolean): void {
  try {
    storage?.setItem(SOUND_MUTED_KEY, isMuted ? '1' : '0');
  } catch {
    // not remembered: the choice still holds for this visit
  }
}
