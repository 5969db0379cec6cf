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
  [ErrorCode.RECORDING_NOT_FOUND]: 'That recording is gone',
  [ErrorCode.BAD_RECORDING]: 'That recording cannot be played back',
  UNREACHABLE: 'Cannot reach the game server',
  DISCONNECTED: 'Lost the connection to the game server',
  RECONNECTING: 'Connection lost: reconnecting…',
  UNKNOWN_STRATEGY: 'This page cannot read the room’s snapshots',
};

/**
 * The page's own words in place of the server's, where the server's would be jargon to a player
 * (a seat token is how the page takes a seat back, not something the player knows of).
 */
const PLAIN_DETAILS: Partial<Record<ErrorCode | ClientErrorKind, string>> = {
  [ErrorCode.BAD_SEAT]:
    'Your place in the match was not kept: the server restarted, or the wait for you ran out.',
};

/** What to do next, after the server's words (docs/errors.md, "what the client should do"). */
const HINTS: Partial<Record<ErrorCode | ClientErrorKind, string>> = {
  [ErrorCode.ROOM_FULL]: 'Pick another room, or press Play.',
  [ErrorCode.ROOM_NOT_FOUND]: 'Pick a room from the list, or press Play.',
  [ErrorCode.ROOM_CLOSED]: 'Join another room.',
  [ErrorCode.ROOM_ERROR]: 'Join another room.',
  [ErrorCode.TOO_MANY_ROOMS]: 'Join an existing room, or try again later.',
  [ErrorCode.SERVER_SHUTDOWN]: 'The page reconnects by itself once the server is back.',
  [ErrorCode.BAD_NAME]: 'Pick another name.',
  [ErrorCode.BAD_SEAT]: 'Join a room again from the lobby.',
  [ErrorCode.VERSION_MISMATCH]: 'Reload the page to get the current game.',
  [ErrorCode.RECORDING_NOT_FOUND]: 'Pick another one from the recordings.',
  [ErrorCode.BAD_RECORDING]: 'Pick another one from the recordings.',
  UNKNOWN_STRATEGY: 'Reload the page to get the current game.',
};

/** Turns an error code and the server's message into words for the error screen, with a way back. */
export function describeError(code: ErrorCode | ClientErrorKind, message: string): ErrorDescription {
  const needsReload = code === ErrorCode.VERSION_MISMATCH || code === 'UNKNOWN_STRATEGY';
  const hint = HINTS[code];
  const sentence = (PLAIN_DETAILS[code] ?? message).trim().replace(/^./u, (first) => first.toUpperCase());
  const withStop = sentence === '' || /[.!?…]$/u.test(sentence) ? sentence : `${sentence}.`;
  return {
    title: TITLES[code] ?? 'Something went wrong',
    detail: hint === undefined ? withStop : `${withStop} ${hint}`.trim(),
    recovery: needsReload ? 'reload' : 'lobby',
  };
}
