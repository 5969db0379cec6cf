import { describe, expect, test } from 'vitest';
import { describeOccupants } from './room-list-view';

describe('describeOccupants', () => {
  test('players alone', () => {
    expect(describeOccupants({ players: 0 })).toBe('0 players');
    expect(describeOccupants({ players: 1 })).toBe('1 player');
    expect(describeOccupants({ players: 3, bots: 0 })).toBe('3 players');
  });

  test('bots are counted apart when the server says how many', () => {
    expect(describeOccupants({ players: 3, bots: 2 })).toBe('3 players + 2 bots');
    expect(describeOccupants({ players: 1, bots: 1 })).toBe('1 player + 1 bot');
  });
});
