import type { ScoreLine } from './room-session';

/** How many players the on-screen leaderboard names. */
export const TOP_PLACES = 3;

/** The on-screen leaderboard: the best few, and where the own player stands. */
export interface Standings {
  /** The best TOP_PLACES lines, best first, each with its rank. */
  readonly top: readonly RankedLine[];
  /** The own player's rank when it is not among `top` (shown as "#5 of 9"); undefined otherwise. */
  readonly self: RankedLine | undefined;
  /** Players ranked. */
  readonly of: number;
}

export interface RankedLine extends ScoreLine {
  /** 1 for the best; players with equal kills and deaths share a rank. */
  readonly rank: number;
}

/**
 * Ranks a scoreboard (sorted best first, as RoomSession.scoreboard gives it): more kills first,
 * then fewer deaths; ties share a rank ("1, 1, 3").
 */
export function standings(lines: readonly ScoreLine[]): Standings {
  const ranked: RankedLine[] = [];
  lines.forEach((line, index) => {
    const previous = ranked[index - 1];
    const isTie = previous !== undefined && previous.score === line.score && previous.deaths === line.deaths;
    ranked.push({ ...line, rank: isTie ? previous.rank : index + 1 });
  });
  const top = ranked.slice(0, TOP_PLACES);
  const self = ranked.find((line) => line.isSelf);
  return {
    top,
    self: self === undefined || top.includes(self) ? undefined : self,
    of: ranked.length,
  };
}
