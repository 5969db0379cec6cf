/** sessionStorage key of the seat token of the tab's current seat. */
export const SEAT_KEY = 'arena.seat';

/** The subset of Web Storage used here (tests pass a Map-backed one). */
export interface SeatStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * The tab remembers its seat (in sessionStorage, which lasts as long as the tab, reloads
 * included): a reload mid-game takes the same seat back with a rejoin instead of joining as a
 * second player and leaving a ghost of the first for the grace period. Storage that throws
 * (private modes) only means a reload joins afresh.
 */
export class SeatMemory {
  constructor(private readonly storage: SeatStorage | undefined) {}

  remember(seatToken: string): void {
    safely(() => this.storage?.setItem(SEAT_KEY, seatToken));
  }

  recall(): string | undefined {
    return safely(() => this.storage?.getItem(SEAT_KEY)) ?? undefined;
  }

  forget(): void {
    safely(() => this.storage?.removeItem(SEAT_KEY));
  }
}

function safely<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}
