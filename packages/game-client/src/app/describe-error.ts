import { ErrorCode } from '@arena/protocol';

/** What the error screen's button does. */
export type Recovery = 'lobby' | 'reload';

export interface ErrorDescription {
  readonly title: string;
  /** The server's own words, or the client's when the server could not say anything. */
  readonly detail: string;
  readonly recovery: Recovery;
}

/** Errors that belong to no server code: the client saw them itself. */
export type ClientErrorKind = 'UNREACHABLE' | 'DISCONNECTED' | 'RECONNECTING' | 'UNKNOWN_STRATEGY';

const TITLES: Partial<Record<ErrorCode | ClientErrorKind, string>> = {
  [ErrorCode.ROOM_FULL]: 'That room is full',
  [ErrorCode.ROOM_NOT_FOUND]: 'That room does not exist (any more)',
  [ErrorCode.ROOM_CLOSED]: 'The room was closed',
  [ErrorCode.ROOM_ERROR]: 'The room stopped after a server error',
  [ErrorCode.TOO_MANY_ROOMS]: 'The server runs as many rooms as it can',
  [ErrorCode.VERSION_MISMATCH]: 'This page is out of date',
  [ErrorCode.BAD_NAME]: 'The server refused that name',
  [ErrorCode.SERVER_SHUTDOWN]: 'The server is shutting down',
  [ErrorCode.BAD_MESSAGE]: 'The server disconnected this client',
  [ErrorCode.ALREADY_IN_ROOM]: 'Already in a room',
  [ErrorCode.BAD_OPTION]: 'The server refused those room settings',
  [ErrorCode.RATE_LIMITED]: 'Slow down',
  [ErrorCode.BAD_SEAT]: 'Your seat is gone',
  [ErrorCode.SLOW_CONSUMER]: 'The connection could not keep up with the game',
  UNREACHABLE: 'Cannot reach the game server',
  DISCONNECTED: 'Lost the connection to the game server',
  RECONNECTING: 'Connection lost: reconnecting…',
  UNKNOWN_STRATEGY: 'This page cannot read the room’s snapshots',
};

/** Turns an error code and the server's message into words for the error screen, with a way back. */
export function describeError(code: ErrorCode | ClientErrorKind, message: string): ErrorDescription {
  const needsReload = code === ErrorCode.VERSION_MISMATCH || code === 'UNKNOWN_STRATEGY';
  return {
    title: TITLES[code] ?? 'Something went wrong',
    detail: needsReload ? `${message} Reload the page to get the current game.` : message,
    recovery: needsReload ? 'reload' : 'lobby',
  };
}
