import type { LoopClock } from '../loop/fixed-tick-loop';
import type { RoomConnection } from './room-types';

/** Stands in for a player whose connection dropped: the seat stays, messages go nowhere. */
export const AWAY: RoomConnection = { send() {}, roomClosed() {} };

/**
 * Told when a dropped player's seat starts and stops waiting for a rejoin (a "ghost" seat), so
 * that it can be counted against the address that left it (security/ghost-seats.ts).
 */
export interface GraceWatch {
  /** The seat waits for a rejoin from now on. */
  held(): void;
  /** It no longer does: taken back, freed after the grace period, or its room closed. Called once. */
  released(): void;
}

/** A player's seat as the grace period sees it: its transport, and what runs while it waits. */
export interface GraceSeat {
  readonly playerId: number;
  /** The player's transport; AWAY while a dropped player's seat waits for a rejoin. */
  connection: RoomConnection;
  /** Frees the seat when a dropped player does not come back; undefined while connected. */
  graceTimer: unknown;
  /** Told when this seat's wait for a rejoin ends; undefined while connected. */
  graceWatch: GraceWatch | undefined;
}

/** How long a seat waits for a rejoin, on which clock, and what the room does when it starts and ends. */
export interface ReconnectGraceOptions {
  readonly clock: LoopClock;
  /** How long a dropped player's seat is kept for a rejoin; 0 frees it at once. */
  readonly graceMs: number;
  /** A seat started waiting: the room's live players changed. */
  readonly onHeld: () => void;
  /** A seat waited the whole grace period without a rejoin: free it. */
  readonly onExpired: (playerId: number) => void;
  /** Freeing an expired seat threw (the timer runs outside any tick, so nothing else would catch it). */
  readonly onError: (error: unknown) => void;
}

/**
 * The reconnect grace of one room's seats: a dropped player's seat stays (score, position)
 * with its connection AWAY for `graceMs`, then is freed, unless the wait ends first (a rejoin,
 * a leave, the room closing). Counts the seats that wait, and tells each one's GraceWatch.
 */
export class ReconnectGrace {
  private away = 0;

  constructor(private readonly options: ReconnectGraceOptions) {}

  /** No grace period: a dropped player's seat is freed at once. */
  get isOff(): boolean {
    return this.options.graceMs <= 0;
  }

  /** Seats of dropped players waiting for a rejoin. */
  get awayCount(): number {
    return this.away;
  }

  /** The seat's connection dropped: it waits for a rejoin from now on, until the grace period ends. */
  hold(seat: GraceSeat, watch: GraceWatch | undefined): void {
    seat.connection = AWAY;
    this.away++;
    seat.graceWatch = watch;
    watch?.held();
    this.options.onHeld();
    seat.graceTimer = this.options.clock.setTimeout(() => {
      seat.graceTimer = undefined;
      try {
        this.options.onExpired(seat.playerId);
      } catch (error) {
        this.options.onError(error);
      }
    }, this.options.graceMs);
  }

  /** The seat no longer waits for a rejoin (if it did): timer cancelled, its watch told. */
  end(seat: GraceSeat): void {
    if (seat.graceTimer !== undefined) this.options.clock.clearTimeout(seat.graceTimer);
    seat.graceTimer = undefined;
    if (seat.connection === AWAY) {
      this.away--;
      seat.graceWatch?.released();
    }
    seat.graceWatch = undefined;
  }
}
