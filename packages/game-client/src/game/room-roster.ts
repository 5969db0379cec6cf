import type { GameEvent, PlayerView, WelcomeMessage } from '@arena/protocol';

/** Kill-feed lines kept. */
export const KILL_FEED_LINES = 6;

/** One line of the kill feed. */
export interface KillFeedEntry {
  readonly killerId: number;
  readonly killerName: string;
  readonly victimId: number;
  readonly victimName: string;
  readonly atMs: number;
}

/** One line of the scoreboard. */
export interface ScoreLine {
  readonly id: number;
  readonly name: string;
  readonly score: number;
  /** Deaths seen since this client joined. */
  readonly deaths: number;
  readonly hp: number;
  readonly isSelf: boolean;
  /** A server bot (the welcome's roster or its join event said so). */
  readonly isBot: boolean;
}

/**
 * Who is in the room, as the welcome's roster and the join, leave and kill events since have told
 * this client: names, server bots, deaths, the kill feed, and the scoreboard they make with the
 * newest snapshot's scores.
 */
export class RoomRoster {
  private readonly names = new Map<number, string>();
  private readonly present = new Set<number>();
  /** Players who are server bots (marked on the scoreboard). */
  private readonly bots = new Set<number>();
  private readonly deaths = new Map<number, number>();
  private readonly feed: KillFeedEntry[] = [];

  constructor(
    private readonly selfId: number,
    players: WelcomeMessage['players'],
  ) {
    for (const entry of players) {
      this.names.set(entry.id, entry.name);
      this.present.add(entry.id);
      if (entry.bot === true) this.bots.add(entry.id);
    }
  }

  /** The newest kills, oldest first, at most KILL_FEED_LINES. */
  get killFeed(): readonly KillFeedEntry[] {
    return this.feed;
  }

  /** The player's name, or `#id` for one this client was never told of. */
  nameOf(playerId: number): string {
    return this.names.get(playerId) ?? `#${playerId}`;
  }

  /** Whether the player is a server bot. */
  isBot(playerId: number): boolean {
    return this.bots.has(playerId);
  }

  /** One event of the room, as it arrives. */
  onEvent(event: GameEvent, nowMs: number): void {
    switch (event.kind) {
      case 'join':
        this.names.set(event.playerId, event.name);
        this.present.add(event.playerId);
        if (event.bot === true) this.bots.add(event.playerId);
        else this.bots.delete(event.playerId);
        break;
      case 'leave':
        this.present.delete(event.playerId);
        this.bots.delete(event.playerId);
        break;
      case 'kill':
        this.deaths.set(event.victimId, (this.deaths.get(event.victimId) ?? 0) + 1);
        this.feed.push({
          killerId: event.killerId,
          killerName: this.nameOf(event.killerId),
          victimId: event.victimId,
          victimName: this.nameOf(event.victimId),
          atMs: nowMs,
        });
        if (this.feed.length > KILL_FEED_LINES) this.feed.shift();
        break;
    }
  }

  /** The scoreboard of `players` (the newest snapshot's), best first, without those who left. */
  scoreboard(players: readonly PlayerView[]): ScoreLine[] {
    return players
      .filter((player) => this.present.has(player.id) || player.id === this.selfId)
      .map((player) => ({
        id: player.id,
        name: this.nameOf(player.id),
        score: player.score,
        deaths: this.deaths.get(player.id) ?? 0,
        hp: player.hp,
        isSelf: player.id === this.selfId,
        isBot: this.bots.has(player.id),
      }))
      .sort((a, b) => b.score - a.score || a.deaths - b.deaths || a.id - b.id);
  }
}
