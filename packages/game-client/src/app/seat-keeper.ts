import { type ClientMessage, PROTOCOL_VERSION } from '@arena/protocol';
import { judgeDrop, type RecentError } from './connection-loss';
import type { ErrorScreen } from './error-screen';
import type { ScreenMachine } from './screen-machine';
import { SeatMemory, type SeatStorage } from './seat-memory';

/** What keeping the seat needs from the app. */
export interface SeatKeeperHost {
  readonly screens: ScreenMachine;
  readonly errors: ErrorScreen;
  readonly send: (message: ClientMessage) => void;
  /** The newest error the server sent: one just before a drop makes it a kick. */
  readonly recentError: () => RecentError | undefined;
  readonly backToLobby: () => void;
}

/**
 * The tab's seat in a room and the way back to it: the welcome's reconnection token, remembered
 * across a reload (SeatMemory); a connection that drops with a seat shows the reconnecting dialog
 * and takes the seat back with a rejoin once connected again; any other drop is said in words
 * (connection-loss.ts).
 */
export class SeatKeeper {
  /** The newest welcome's reconnection token, while seated. */
  private seatToken: string | undefined;
  /** Set while the connection is down and the seat may still be taken back with a rejoin. */
  private pendingRejoin: string | undefined;
  /** The token of a rejoin sent and not yet answered (a drop meanwhile tries again). */
  private rejoining: string | undefined;
  private readonly memory: SeatMemory;

  constructor(
    tabStorage: SeatStorage | undefined,
    private readonly host: SeatKeeperHost,
  ) {
    this.memory = new SeatMemory(tabStorage);
    // A reload mid-game: the seat is taken back, not joined again beside its own ghost.
    this.pendingRejoin = this.memory.recall();
  }

  /** A welcome gave this tab a seat (a spectator holds none), not yet left. */
  get isSeated(): boolean {
    return this.seatToken !== undefined;
  }

  /** Connected: sends the rejoin that waited for the connection, if any (then true). */
  rejoinIfPending(): boolean {
    if (this.pendingRejoin === undefined) return false;
    this.rejoin(this.pendingRejoin);
    return true;
  }

  /** A welcome seated this tab with `seatToken` (undefined: a spectator, who holds no seat). */
  seated(seatToken: string | undefined): void {
    this.seatToken = seatToken;
    if (this.seatToken !== undefined) this.memory.remember(this.seatToken);
    else this.memory.forget();
  }

  /** The room was torn down: no seat to take back after a drop. */
  vacated(): void {
    this.seatToken = undefined;
  }

  /** The seat is gone for good (left, refused, unreadable): a reload joins afresh. */
  forget(): void {
    this.memory.forget();
  }

  /** The rejoin on its way (if any) was answered, refused or given up: a late welcome for it is answered with a leave. */
  rejoinSettled(): void {
    this.rejoining = undefined;
  }

  /** The connection closed without the page asking: take the seat back, or say what happened. */
  onConnectionLost(reason: string): void {
    const { screens, errors } = this.host;
    const outcome = judgeDrop({
      wasInRoom: screens.is('playing', 'dead', 'replay', 'joining'),
      seatToken: screens.is('playing', 'dead') ? this.seatToken : this.rejoining,
      recentError: this.host.recentError(),
      nowMs: performance.now(),
    });
    this.rejoining = undefined;
    switch (outcome.kind) {
      case 'rejoin':
        this.pendingRejoin = outcome.seatToken;
        screens.go('reconnecting');
        errors.showReconnecting(() => {
          this.pendingRejoin = undefined;
          this.host.backToLobby();
        });
        return;
      case 'kick':
      case 'lost':
        // an error already on screen says enough
        if (screens.is('error')) return;
        if (outcome.kind === 'kick') errors.show(outcome.code, outcome.message);
        else errors.show('DISCONNECTED', `The connection closed (${reason}). Reconnecting…`);
        return;
      case 'quiet':
        if (!screens.is('error')) screens.go('connecting');
    }
  }

  /** Takes a seat back; the answer is a welcome (same player) or BAD_SEAT. */
  private rejoin(seatToken: string): void {
    this.pendingRejoin = undefined;
    this.rejoining = seatToken;
    this.host.screens.go('joining');
    this.host.send({ type: 'rejoin', protocolVersion: PROTOCOL_VERSION, seatToken });
  }
}
