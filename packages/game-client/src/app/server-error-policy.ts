import { ErrorCode } from '@arena/protocol';

/**
 * Where a server error goes: a line in the chat the player is looking at (`chat`), a line in
 * the lobby chat (`lobby-chat`), the console only (`console`: races and client bugs the player
 * can do nothing about), or the error screen (`screen`).
 */
export type ErrorPlacement = 'chat' | 'lobby-chat' | 'console' | 'screen';

/** Where the server's error `code` is said, with the player in the lobby or not. */
export function placeServerError(code: ErrorCode, isInLobby: boolean): ErrorPlacement {
  switch (code) {
    case ErrorCode.RATE_LIMITED:
      return 'chat';
    // Races of a leave with inputs or a join still in flight: nothing the player must see.
    case ErrorCode.NOT_IN_ROOM:
    case ErrorCode.ALREADY_IN_ROOM:
    // Only a disconnect that follows makes these a kick (connection-loss.ts); alone, a client bug.
    case ErrorCode.BAD_MESSAGE:
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 'console';
    case ErrorCode.BAD_NAME:
      return isInLobby ? 'lobby-chat' : 'screen';
    default:
      return 'screen';
  }
}
