/** Pioneers of computing: short, friendly, and plainly not a player's own choice with the "bot " prefix. */
const NAMES = [
  'Ada',
  'Alan',
  'Grace',
  'Edsger',
  'Barbara',
  'Dennis',
  'Margaret',
  'Donald',
  'Frances',
  'Hedy',
  'Claude',
  'Radia',
  'Niklaus',
  'Katherine',
  'Ken',
  'Leslie',
] as const;

/** What every bot's name starts with: the scoreboard marks bots too, but a name says it everywhere. */
export const BOT_NAME_PREFIX = 'bot ';

/**
 * The first bot name not in `taken`: "bot Ada", "bot Alan", ..., then "bot Ada 2" and so on
 * (at most 16 characters, a valid player name).
 */
export function nextBotName(taken: ReadonlySet<string>): string {
  for (let round = 1; ; round++) {
    for (const name of NAMES) {
      const candidate = `${BOT_NAME_PREFIX}${name}${round === 1 ? '' : ` ${round}`}`.slice(0, 16);
      if (!taken.has(candidate)) return candidate;
    }
  }
}
