import { ErrorCode } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { placeServerError } from './server-error-policy';

describe('placeServerError', () => {
  test('a refused chat line is said in the chat, not on a screen', () => {
    expect(placeServerError(ErrorCode.RATE_LIMITED, false)).toBe('chat');
  });

  test('races and client faults stay in the console', () => {
    for (const code of [ErrorCode.NOT_IN_ROOM, ErrorCode.ALREADY_IN_ROOM, ErrorCode.BAD_MESSAGE]) {
      expect(placeServerError(code, false)).toBe('console');
    }
  });

  test('a refused name is a lobby chat line in the lobby, and a screen when joining', () => {
    expect(placeServerError(ErrorCode.BAD_NAME, true)).toBe('lobby-chat');
    expect(placeServerError(ErrorCode.BAD_NAME, false)).toBe('screen');
  });

  test('a full room, a lost seat or a closed room is an error screen', () => {
    for (const code of [ErrorCode.ROOM_FULL, ErrorCode.BAD_SEAT, ErrorCode.ROOM_CLOSED]) {
      expect(placeServerError(code, false)).toBe('screen');
    }
  });
});
