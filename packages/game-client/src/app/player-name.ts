import { sanitizePlayerName } from '@arena/protocol';

/** localStorage key of the remembered name. */
export const PLAYER_NAME_KEY = 'arena.playerName';

/** The subset of Web Storage used here (tests pass a Map-backed one). */
export interface NameStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The remembered name if it is still a valid one, else a fresh guest name. */
export function loadPlayerName(storage: NameStorage | undefined, random: () => number = Math.random): string {
  const stored = safely(() => storage?.getItem(PLAYER_NAME_KEY) ?? null);
  if (stored) {
    const clean = sanitizePlayerName(stored);
    if (clean.ok) return clean.value;
  }
  return `guest-${Math.floor(random() * 9000) + 1000}`;
}

/** Remembers `name` when the server would accept it; returns the cleaned name or undefined. */
export function savePlayerName(storage: NameStorage | undefined, name: string): string | undefined {
  const clean = sanitizePlayerName(name);
  if (!clean.ok) return undefined;
  safely(() => storage?.setItem(PLAYER_NAME_KEY, clean.value));
  return clean.value;
}

/** Storage can throw (private mode, disabled cookies); a name that is not remembered is no error. */
function safely<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}
