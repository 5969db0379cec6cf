import type { LoopClock } from '../loop/fixed-tick-loop';
import type { RoomBotsFactory } from './bot-seats';
import type { Room } from './room';
import type { RoomHooks } from './room-hooks';
import type { RoomObserver } from './room-observer';
import type { Logger, RoomConfig } from './room-types';

/** What a live room is built from: its config and limits, its clock, and whom it tells what. */
export interface RoomOptions {
  readonly config: RoomConfig;
  /** Bound of each player's input queue. */
  readonly inputQueueMax: number;
  /** Input catch-up a player may bank, ms (input-queue.ts); 0 = one input per tick at most. @default INPUT_CREDIT_MS */
  readonly inputCreditMs?: number;
  /** How long a room stays open with nobody in it. */
  readonly idleTimeoutMs: number;
  /** How long a room nobody has joined yet stays open, if shorter than idleTimeoutMs. @default idleTimeoutMs */
  readonly unjoinedTimeoutMs?: number;
  readonly logger: Logger;
  readonly clock?: LoopClock;
  /** The room is gone (idle, closed or failed); the directory forgets it. */
  readonly onDisposed: (room: Room) => void;
  /** A player took or left a seat (the lobby's room list changes). */
  readonly onMembershipChanged?: (room: Room) => void;
  /** Metrics sink. */
  readonly observer?: RoomObserver;
  /** Follows the match (a recording, for a room created with `record`). */
  readonly hooks?: RoomHooks;
  /** How long a dropped player's seat is kept for a rejoin; 0 frees it at once. @default 0 */
  readonly reconnectGraceMs?: number;
  /** A player whose acknowledged snapshot stops advancing this long is dropped (ack-watch.ts); 0 = never. @default 0 */
  readonly ackTimeoutMs?: number;
  /** Server bots that keep the humans company (bots/server-bots.ts); none without it. */
  readonly bots?: RoomBotsFactory;
}
