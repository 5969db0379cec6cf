import { describe, expect, test } from 'vitest';
import { createSeatSecret, formatSeatToken, isSameSecret, parseSeatToken } from './seat-token';

describe('seat tokens', () => {
  test('a formatted token parses back into its room, player and secret', () => {
    const secret = createSeatSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(parseSeatToken(formatSeatToken('duel-1', 12, secret))).toEqual({
      roomId: 'duel-1',
      playerId: 12,
      secret,
    });
  });

  test('malformed tokens parse to nothing', () => {
    for (const token of ['', 'a.b', 'room.0.secret', 'room.x.secret', 'room.1.', '.1.secret', 'a.1.b.c']) {
      expect(parseSeatToken(token)).toBeUndefined();
    }
  });

  test('secrets are fresh every time and compared exactly', () => {
    const a = createSeatSecret();
    expect(createSeatSecret()).not.toBe(a);
    expect(isSameSecret(a, a)).toBe(true);
    expect(isSameSecret(a, `${a.slice(0, -1)}x`)).toBe(a.endsWith('x'));
    expect(isSameSecret(a, a.slice(1))).toBe(false);
  });
});
