import type { PlayerView, Position, Rect } from '@arena/protocol';
import { hasLineOfSight } from '../sim/line-of-sight';
import { SPAWN_FREE_RADIUS_UNITS } from '../sim/spawn';

/**
 * How far from a human a bot comes in: in sight and within reach of a shot, so a lone player
 * has a fight within seconds, yet far enough that the bot's reaction delay and aim error leave
 * the human time to answer (no spawn kill).
 */
export const BOT_SPAWN_DISTANCE_UNITS = 450;
/** A spawn point out of the human's sight counts as this much farther from the ideal distance. */
const OUT_OF_SIGHT_PENALTY_UNITS = 400;

/**
 * Where a bot joining now should appear: the free spawn point (no living player within
 * SPAWN_FREE_RADIUS_UNITS) whose distance to its nearest living human is closest to
 * BOT_SPAWN_DISTANCE_UNITS, preferring points in that human's sight. Undefined when there is no
 * living human or no free point: the world then draws one as for anyone. Deterministic.
 */
export function chooseBotSpawn(
  points: readonly Position[],
  players: readonly PlayerView[],
  isHuman: (playerId: number) => boolean,
  walls: readonly Rect[],
): Position | undefined {
  const living = players.filter((player) => player.hp > 0);
  const humans = living.filter((player) => isHuman(player.id));
  if (humans.length === 0) return undefined;
  let best: Position | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const point of points) {
    if (living.some((player) => Math.hypot(player.x - point.x, player.y - point.y) < SPAWN_FREE_RADIUS_UNITS))
      continue;
    let human = humans[0]!;
    let distance = Number.POSITIVE_INFINITY;
    for (const candidate of humans) {
      const d = Math.hypot(candidate.x - point.x, candidate.y - point.y);
      if (d < distance) {
        human = candidate;
        distance = d;
      }
    }
    const inSight = hasLineOfSight(point.x, point.y, human.x, human.y, walls);
    const score = Math.abs(distance - BOT_SPAWN_DISTANCE_UNITS) + (inSight ? 0 : OUT_OF_SIGHT_PENALTY_UNITS);
    if (score < bestScore) {
      best = point;
      bestScore = score;
    }
  }
  return best;
}
