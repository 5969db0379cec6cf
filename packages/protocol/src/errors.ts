/**
 * The one error catalogue. Every code has a row in docs/errors.md (a test keeps them in step).
 * Codes are part of the wire protocol: never rename or reuse one, only add.
 */
export const ErrorCode = {
  BAD_MESSAGE: 'ARENA_ERR_BAD_MESSAGE',
  PAYLOAD_TOO_LARGE: 'ARENA_ERR_PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'ARENA_ERR_RATE_LIMITED',
  VERSION_MISMATCH: 'ARENA_ERR_VERSION_MISMATCH',
  BAD_NAME: 'ARENA_ERR_BAD_NAME',
  BAD_OPTION: 'ARENA_ERR_BAD_OPTION',
  ROOM_NOT_FOUND: 'ARENA_ERR_ROOM_NOT_FOUND',
  ROOM_FULL: 'ARENA_ERR_ROOM_FULL',
  ROOM_CLOSED: 'ARENA_ERR_ROOM_CLOSED',
  ROOM_ERROR: 'ARENA_ERR_ROOM_ERROR',
  TOO_MANY_ROOMS: 'ARENA_ERR_TOO_MANY_ROOMS',
  NOT_IN_ROOM: 'ARENA_ERR_NOT_IN_ROOM',
  ALREADY_IN_ROOM: 'ARENA_ERR_ALREADY_IN_ROOM',
  SERVER_SHUTDOWN: 'ARENA_ERR_SERVER_SHUTDOWN',
  SLOW_CONSUMER: 'ARENA_ERR_SLOW_CONSUMER',
  BAD_ORIGIN: 'ARENA_ERR_BAD_ORIGIN',
  BAD_SEAT: 'ARENA_ERR_BAD_SEAT',
  INTERNAL: 'ARENA_ERR_INTERNAL',
  UNAUTHORIZED: 'ARENA_ERR_UNAUTHORIZED',
  CLUSTER_UNAVAILABLE: 'ARENA_ERR_CLUSTER_UNAVAILABLE',
  RECORDING_NOT_FOUND: 'ARENA_ERR_RECORDING_NOT_FOUND',
  BAD_RECORDING: 'ARENA_ERR_BAD_RECORDING',
  SERVER_FULL: 'ARENA_ERR_SERVER_FULL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** True when `value` is one of the catalogue's codes (for decoding codes received from the wire). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}

/** An error that carries a catalogue code; thrown at the edges (options, API), never inside a tick. */
export class ArenaError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ArenaError';
    this.code = code;
  }
}

/** What a decoder or validator returns instead of throwing. */
export interface ProtocolFault {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ProtocolFault };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
