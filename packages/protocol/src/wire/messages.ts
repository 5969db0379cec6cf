import type { ErrorCode } from '../errors';
import type { NetworkConditions } from '../netsim/network-profiles';
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
  /** Tick of the newest snapshot this client has received (0 before any): the baseline for deltas. */
  readonly lastSnapshotTick: number;
  /**
   * How many ticks behind `lastSnapshotTick` the client draws other players (0..254), so a
   * lag-compensated shot is judged at exactly what the player saw; omitted = the server assumes
   * its default interpolation delay (two snapshot periods).
   */
  readonly renderDelayTicks?: number;
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

/** A chat line: to the room when the sender is in one, else to the lobby. */
export interface ChatMessage {
  readonly type: 'chat';
  /** 1..120 characters after sanitising. */
  readonly text: string;
}

/** Start or stop receiving the live room list and lobby chat (the lobby screen). */
export interface LobbyMessage {
  readonly type: 'lobby';
  readonly watch: boolean;
  /** Name shown on lobby chat lines; same rules as a player name. */
  readonly name: string;
}

/**
 * Take back a seat after a dropped connection, within the room's grace period, with the token
 * of the newest welcome. The answer is a fresh welcome (same player id, new token) or BAD_SEAT.
 */
export interface RejoinMessage {
  readonly type: 'rejoin';
  readonly protocolVersion: number;
  /** The `seatToken` of the newest welcome; each token works once. */
  readonly seatToken: string;
}

/**
 * Simulate network conditions on this client's own connection (both directions, on the server),
 * for studying sync from the browser; `conditions` undefined turns it off.
 */
export interface NetworkSimMessage {
  readonly type: 'netsim';
  readonly conditions: NetworkConditions | undefined;
}

/**
 * The newest snapshot received, reported on its own: a client that sends no inputs (a hidden tab,
 * a bot waiting for the others to join) still shows the server it reads its snapshots. The server
 * drops a player whose report stops advancing (`--ack-timeout-ms`, SLOW_CONSUMER).
 */
export interface AckMessage {
  readonly type: 'ack';
  /** As an input's `lastSnapshotTick`: the baseline for deltas (0 asks for a keyframe). */
  readonly lastSnapshotTick: number;
}

/** One tick's intent inside an `inputs` batch (the batch carries seq, client time and baseline). */
export interface InputIntent {
  readonly moveX: number;
  readonly moveY: number;
  readonly aim: number;
  readonly fire: boolean;
}

/**
 * Several consecutive inputs in one message (`firstSeq`, `firstSeq + 1`, ...): fewer messages
 * for the server to receive, at the price of the batching delay. Applied exactly like the same
 * inputs sent one by one.
 */
export interface InputBatchMessage {
  readonly type: 'inputs';
  readonly firstSeq: number;
  /** 1..8 inputs, oldest first. */
  readonly inputs: readonly InputIntent[];
  readonly clientTimeMs: number;
  readonly lastSnapshotTick: number;
  /** As in `input`, for the whole batch. */
  readonly renderDelayTicks?: number;
}

/** What an `rtcSignal` carries: a session description, or one ICE candidate, or the end of the attempt. */
export type RtcSignalKind = 'offer' | 'answer' | 'candidate' | 'close';

/**
 * WebRTC signalling for the datagram channel (docs/netcode.md "Datagrams"), both ways over the
 * Socket.IO connection: the seated client sends an `offer`, the server an `answer`; each sends its
 * ICE `candidate`s; `close` from either side ends the attempt (the client stays on the WebSocket).
 */
export interface RtcSignalMessage {
  readonly type: 'rtcSignal';
  readonly kind: RtcSignalKind;
  /** The SDP of an offer or answer (at most RTC_SDP_MAX_BYTES). */
  readonly sdp?: string;
  /** One ICE candidate line, `candidate:...` or `a=candidate:...` (at most RTC_CANDIDATE_MAX_BYTES). */
  readonly candidate?: string;
  /** The media id the candidate belongs to. */
  readonly mid?: string;
  /** Of a `close`: why, for the logs and the net graph. */
  readonly reason?: string;
}

export type ClientMessage =
  | RtcSignalMessage
  | InputBatchMessage
  | NetworkSimMessage
  | JoinMessage
  | InputMessage
  | LeaveMessage
  | PingMessage
  | ChatMessage
  | LobbyMessage
  | RejoinMessage
  | AckMessage;

// ---- server -> client ----

export interface RosterEntry {
  readonly id: number;
  readonly name: string;
  /** A server bot (docs/game.md, Bots); absent for a human. */
  readonly bot?: true;
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
  /**
   * Reconnection token for this seat (opaque ASCII, at most 66 characters): send it in a
   * `rejoin` after a dropped connection. Keep it private; every welcome carries a new one.
   * Always set by the server (optional only so hand-built welcomes in tests need not invent one).
   */
  readonly seatToken?: string;
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
  | { readonly kind: 'join'; readonly playerId: number; readonly name: string; readonly bot?: true }
  | { readonly kind: 'leave'; readonly playerId: number }
  | { readonly kind: 'kill'; readonly killerId: number; readonly victimId: number }
  /** A projectile of `shooterId` took hp off `victimId` without killing (a kill is a `kill`). */
  | { readonly kind: 'hit'; readonly shooterId: number; readonly victimId: number }
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

/** One room as listed in the lobby and by GET /api/rooms. */
export interface RoomSummary {
  readonly id: string;
  readonly mode: RoomMode;
  readonly players: number;
  readonly maxPlayers: number;
  readonly tickRateHz: number;
  readonly snapshotRateHz: number;
  readonly strategy: string;
  /** Seats held by server bots (not counted in `players`); absent when none. */
  readonly bots?: number;
}

/** The room list, pushed to lobby watchers whenever it changes: at most 50 rooms, the joinable first. */
export interface RoomListMessage {
  readonly type: 'roomList';
  readonly rooms: readonly RoomSummary[];
  /** How many rooms the server has in all (GET /api/rooms pages them); `rooms.length` when left out. */
  readonly total?: number;
}

export type ChatScope = 'room' | 'lobby';

/** A chat line as relayed by the server (text already sanitised; render it as text, never HTML). */
export interface ChatLineMessage {
  readonly type: 'chatLine';
  /** Sender's player id in the room; 0 in the lobby. */
  readonly fromId: number;
  readonly name: string;
  readonly text: string;
  readonly scope: ChatScope;
}

/** A server announcement (a room closing, the server shutting down). */
export interface NoticeMessage {
  readonly type: 'notice';
  readonly text: string;
  readonly level: 'info' | 'warn';
}

/**
 * The room a join or rejoin named is simulated by another node of the cluster: connect to `url`
 * and send the same join (or rejoin) there. Nothing changed on this connection.
 */
export interface RedirectMessage {
  readonly type: 'redirect';
  readonly roomId: string;
  /** Base URL of the node that hosts the room, e.g. "http://10.0.0.7:3001". */
  readonly url: string;
}

export type ServerMessage =
  | RtcSignalMessage
  | RedirectMessage
  | WelcomeMessage
  | SnapshotMessage
  | EventsMessage
  | ErrorMessage
  | PongMessage
  | RoomListMessage
  | ChatLineMessage
  | NoticeMessage;
