import { ErrorCode } from '@arena/protocol';

/** A server error this recent explains the disconnect that follows it (a kick). */
export const KICK_REASON_WINDOW_MS = 2000;

/** The newest error the server sent, and when it arrived (performance.now()). */
export interface RecentError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly atMs: number;
}

/** What the page knew when its connection closed. */
export interface DroppedConnection {
  /** In a room (playing, dead, watching a replay, or a join or rejoin on its way). */
  readonly wasInRoom: boolean;
  /** The seat's reconnection token, when there is a seat to take back. */
  readonly seatToken: string | undefined;
  readonly recentError: RecentError | undefined;
  readonly nowMs: number;
}

/** What a dropped connection means for the player. */
export type DropOutcome =
  | { readonly kind: 'rejoin'; readonly seatToken: string }
  | { readonly kind: 'kick'; readonly code: ErrorCode; readonly message: string }
  | { readonly kind: 'lost' }
  | { readonly kind: 'quiet' };

/**
 * Judges a connection that closed without the page asking: a server that drops a slow client
 * keeps its seat, so that and a plain network loss with a seat are a rejoin; any other error just
 * before the drop was a kick, said with its reason; a loss in a room without a seat (a replay)
 * is said as a lost connection; in the lobby the page just reconnects.
 */
export function judgeDrop(drop: DroppedConnection): DropOutcome {
  const recent = drop.recentError;
  const isRecent = recent !== undefined && drop.nowMs - recent.atMs < KICK_REASON_WINDOW_MS;
  const isKick = isRecent && recent.code !== ErrorCode.SLOW_CONSUMER;
  if (drop.seatToken !== undefined && !isKick) return { kind: 'rejoin', seatToken: drop.seatToken };
  if (isKick) return { kind: 'kick', code: recent.code, message: recent.message };
  return drop.wasInRoom ? { kind: 'lost' } : { kind: 'quiet' };
}
