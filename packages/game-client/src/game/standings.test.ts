import { describe, expect, test } from 'vitest';
import type { ScoreLine } from './room-session';
import { standings } from './standings';

function line(id: number, score: number, deaths = 0, isSelf = false): ScoreLine {
  return { id, name: `p${id}`, score, deaths, hp: 100, isSelf, isBot: false };
}

describe('standings', () => {
  test('names the best three and leaves the own rank out when the own player is among them', () => {
    const result = standings([line(1, 5), line(2, 4, 0, true), line(3, 3), line(4, 1)]);
    expect(result.top.map((l) => [l.id, l.rank])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(result.self).toBeUndefined();
    expect(result.of).toBe(4);
  });

  test('gives the own rank out of everyone when below the top three', () => {
    const lines = [
      line(1, 9),
      line(2, 8),
      line(3, 7),
      line(4, 6),
      line(5, 5, 0, true),
      line(6, 1),
      line(7, 0),
    ];
    const result = standings([...lines, line(8, 0, 1), line(9, 0, 2)]);
    expect(result.self).toMatchObject({ id: 5, rank: 5 });
    expect(result.of).toBe(9);
  });

  test('equal kills and deaths share a rank', () => {
    const result = standings([line(1, 2), line(2, 2), line(3, 1), line(4, 1, 0, true), line(5, 1, 3)]);
    expect(result.top.map((l) => l.rank)).toEqual([1, 1, 3]);
    expect(result.self).toMatchObject({ id: 4, rank: 3 });
  });

  test('an empty room has an empty board', () => {
    expect(standings([])).toEqual({ top: [], self: undefined, of: 0 });
  });
});
