import type { ErrorCode, NetworkConditions, RoomMode, RoomSummary } from '@arena/protocol';

/** How a room reaches one player's transport. The socket layer implements it; tests fake it. */
export interface RoomConnection {
  /** Sends one encoded server message. Never throws; a dead transport just drops it. */
  send(bytes: Uint8Array): void;
  /**
   * The room closed under this player, or a newer connection took the seat over (the error is
   * already sent); forget the seat.
   */
  roomClosed(code: ErrorCode, message: string): void;
  /**
   * Sends this tick's snapshot (optional fast path: the transport frames header and shared body
   * in one buffer); without it the room sends `encodeSnapshotMessage(...)` through `send`.
   */
  sendSnapshot?(tick: number, ackSeq: number, body: Uint8Array): void;
  /**
   * Reads and handles what the player sent since the last call, right before the room's tick
   * (optional: transports that deliver messages as they arrive leave it out).
   */
  readPending?(): void;
  /**
   * The player stopped acknowledging snapshots (rooms/ack-watch.ts): disconnect it with
   * SLOW_CONSUMER, the code sent before the disconnect, its seat kept for a rejoin (optional: a
   * connection without it is never dropped this way).
   */
  dropSlowConsumer?(reason: string): void;
  /** Applies the room's simulated network conditions to this connection (optional). */
  simulateNetwork?(conditions: NetworkConditions | undefined): void;
}

export interface RoomConfig {
  readonly id: string;
  readonly mode: RoomMode;
  readonly tickRateHz: number;
  /** Snapshots per second, at most the tick rate. */
  readonly snapshotRateHz: number;
  readonly maxPlayers: number;
  readonly seed: number;
  /** Snapshot strategy name (see @arena/protocol SNAPSHOT_STRATEGIES). */
  readonly strategy: string;
  /** Lag compensation: how far back a shot may be rewound to the shooter's view, ms; 0 = off. */
  readonly maxRewindMs: number;
  /** Network conditions simulated on every player's connection (netcode study); undefined = none. */
  readonly network?: NetworkConditions;
  /** Whether the match is recorded for `arena replay`. */
  readonly isRecorded: boolean;
  /**
   * Server bots fill the room up to this many fighters while a human is seated (docs/game.md,
   * Bots); 0 = none. Always 0 in bench rooms. @default 0
   */
  readonly minFighters?: number;
}

/** What GET /api/rooms lists for one room: the lobby's summary and the netcode-study settings. */
export interface RoomInfo extends RoomSummary {
  /** Of `players`, the seats of players whose connection dropped, held for a rejoin (live rooms). */
  readonly away?: number;
  /** Lag compensation on (shots rewound up to maxRewindMs). */
  readonly lagCompensation: boolean;
  /** Simulated network on players' connections: a profile name, "custom", or "none". */
  readonly network: string;
  readonly recording: boolean;
  /** Live rooms: the fighters bots fill the room up to while a human plays (0 = no bots). */
  readonly minFighters?: number;
}

/** Minimal structured logger (pino's shape, which Fastify provides). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
