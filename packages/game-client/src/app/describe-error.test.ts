import { ErrorCode } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { describeError } from './describe-error';

describe('describeError', () => {
  test('names a full room in words and leads back to the lobby', () => {
    expect(describeError(ErrorCode.ROOM_FULL, 'room duel is full (2 players)')).toEqual({
      title: 'That room is full',
      detail: 'Room duel is full (2 players). Pick another room, or press Play.',
      recovery: 'lobby',
    });
  });

  test('a version mismatch asks for a reload', () => {
    const described = describeError(ErrorCode.VERSION_MISMATCH, 'client speaks 0, server 1.');
    expect(described.recovery).toBe('reload');
    expect(described.detail).toContain('Reload the page');
  });

  test('an unreachable server is described even though no code came with it', () => {
    expect(describeError('UNREACHABLE', 'xhr poll error').title).toBe('Cannot reach the game server');
  });

  test('a recording that cannot be replayed is said so, with the way back to the recordings', () => {
    const described = describeError(ErrorCode.BAD_RECORDING, 'recording "x.arena" has no ticks yet');
    expect(described.title).toBe('That recording cannot be played back');
    expect(described.detail).toBe(
      'Recording "x.arena" has no ticks yet. Pick another one from the recordings.',
    );
  });

  test('a code without its own words still gets a title, and the server’s words as a sentence', () => {
    expect(describeError(ErrorCode.INTERNAL, 'boom')).toEqual({
      title: 'Something went wrong',
      detail: 'Boom.',
      recovery: 'lobby',
    });
  });
});

test('a seat that was not kept is said in plain words, never "seat token"', () => {
  const description = describeError(ErrorCode.BAD_SEAT, 'unknown, expired or already used seat token');
  expect(description.detail).not.toMatch(/token/i);
  expect(description.detail).toBe(
    'Your place in the match was not kept: the server restarted, or the wait for you ran out. Join a room again from the lobby.',
  );
});
