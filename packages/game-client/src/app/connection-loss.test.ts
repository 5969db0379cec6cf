import { ErrorCode } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { judgeDrop, KICK_REASON_WINDOW_MS } from './connection-loss';

const error = (code: ErrorCode, atMs: number) => ({ code, message: 'why', atMs });

describe('judgeDrop', () => {
  test('a seated player whose connection drops takes the seat back', () => {
    expect(judgeDrop({ wasInRoom: true, seatToken: 't', recentError: undefined, nowMs: 0 })).toEqual({
      kind: 'rejoin',
      seatToken: 't',
    });
  });

  test('a slow client dropped by the server keeps its seat', () => {
    const recentError = error(ErrorCode.SLOW_CONSUMER, 1000);
    expect(judgeDrop({ wasInRoom: true, seatToken: 't', recentError, nowMs: 1100 }).kind).toBe('rejoin');
  });

  test('an error just before the drop was a kick, said with its reason', () => {
    const recentError = error(ErrorCode.BAD_MESSAGE, 1000);
    expect(judgeDrop({ wasInRoom: true, seatToken: 't', recentError, nowMs: 1100 })).toEqual({
      kind: 'kick',
      code: ErrorCode.BAD_MESSAGE,
      message: 'why',
    });
  });

  test('an old error explains nothing', () => {
    const recentError = error(ErrorCode.BAD_MESSAGE, 0);
    const nowMs = KICK_REASON_WINDOW_MS + 1;
    expect(judgeDrop({ wasInRoom: true, seatToken: 't', recentError, nowMs }).kind).toBe('rejoin');
    expect(judgeDrop({ wasInRoom: false, seatToken: undefined, recentError, nowMs }).kind).toBe('quiet');
  });

  test('a replay (no seat) says the connection was lost; the lobby just reconnects', () => {
    expect(judgeDrop({ wasInRoom: true, seatToken: undefined, recentError: undefined, nowMs: 0 }).kind).toBe(
      'lost',
    );
    expect(judgeDrop({ wasInRoom: false, seatToken: undefined, recentError: undefined, nowMs: 0 }).kind).toBe(
      'quiet',
    );
  });
});
