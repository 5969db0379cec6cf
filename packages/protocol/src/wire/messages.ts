import type { ErrorCode } from '../errors';
import type { Rect } from '../rules/arena-map';

/**
 * The message catalogue, as the application sees it (dequantised, typed).
 * docs/protocol.md documents every field: type, range, unit, and its wire form.
 */

// ---- client -> server ----

/** Ask to join a room by id, or "any" for matchmaking. */
export interface JoinMessage {
  readonly type: 'join';
  readonly protocolVersion: number;
  /** 1..16 characters after trimming; control characters are refused. */
  readonly name: string;
  /** A room id or "any". */
  readonly roomId: string;
}

/** One tick's worth of intent. Clients never send positions, only what the player wants. */
export interface InputMessage {
  readonly type: 'input';
  /** 1..2^32-1, increasing by one per input. */
  readonly seq: number;
  /** -1..1 (wire: -127..127). */
  readonly moveX: number;
  readonly moveY: number;
  /** Radians, any finite value (wire: 0..65535 per turn). */
  readonly aim: number;
  readonly fire: boolean;
  /** Client clock in ms, modulo 2^32; echoed for latency study, never trusted for simulation. */
  readonly clientTimeMs: number;
}

/** Leave the current room and stay connected (back to the lobby). */
export interface LeaveMessage {
  readonly type: 'leave';
}

/** Clock probe: the server answers with a pong carrying its own time. */
export interface PingMessage {
  readonly type: 'ping';
  readonly clientTimeMs: number;
}

export type ClientMessage = JoinMessage | InputMessage | LeaveMessage | PingMessage;

// ---- server -> client ----

export interface RosterEntry {
  readonly id: number;
  readonly name: string;
}

export interface WelcomeMessage {
  readonly type: 'welcome';
  readonly protocolVersion: number;
  readonly playerId: number;
  readonly roomId: string;
  readonly tickRateHz: number;
  readonly snapshotRateHz: number;
  /** Snapshot strategy name; the client picks the matching decoder. */
  readonly strategy: string;
  readonly mode: RoomMode;
  readonly arenaWidth: number;
  readonly arenaHeight: number;
  readonly walls: readonly Rect[];
  /** Server wall clock (ms since the epoch) when this message was built. */
  readonly serverTimeMs: number;
  /** The room's tick when this message was built. */
  readonly tick: number;
  readonly players: readonly RosterEntry[];
}

export type RoomMode = 'arena' | 'bench';

/** A snapshot as sent: header fields plus a strategy-specific body, decoded by that strategy. */
export interface SnapshotMessage {
  readonly type: 'snapshot';
  readonly tick: number;
  /** The last input seq the server applied for the receiving player (0 before any). */
  readonly ackSeq: number;
  readonly body: Uint8Array;
}

export type GameEvent =
  | { readonly kind: 'join'; readonly playerId: number; readonly name: string }
  | { readonly kind: 'leave'; readonly playerId: number }
  | { readonly kind: 'kill'; readonly killerId: number; readonly victimId: number }
  | { readonly kind: 'respawn'; readonly playerId: number; readonly x: number; readonly y: number };

export interface EventsMessage {
  readonly type: 'events';
  readonly tick: number;
  readonly events: readonly GameEvent[];
}

export interface ErrorMessage {
  readonly type: 'error';
  readonly code: ErrorCode;
  readonly message: string;
}

export interface PongMessage {
  readonly type: 'pong';
  readonly clientTimeMs: number;
  readonly serverTimeMs: number;
}

export type ServerMessage = WelcomeMessage | SnapshotMessage | EventsMessage | ErrorMessage | PongMessage;
