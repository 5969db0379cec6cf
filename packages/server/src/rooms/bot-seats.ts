import type { ArenaMap, InputMessage, Position, WorldView } from '@arena/protocol';

/**
 * What a room lets its server bots do (bots/server-bots.ts): see the world as a client's snapshot
 * shows it, take and give up seats, and offer inputs to their own input queues. Nothing else:
 * bots never see other players' inputs, and the tick applies their inputs like anyone's.
 */
export interface BotSeatHost {
  readonly map: ArenaMap;
  readonly tickRateHz: number;
  /** Seats in the room, humans and bots together. */
  readonly maxPlayers: number;
  /** The arena's spawn points. */
  readonly spawnPoints: readonly Position[];
  /** The world as the next snapshot will describe it (positions, aims, hp, scores). */
  view(): WorldView;
  /**
   * Seats a bot (a `join` event marked `bot` goes out) at `spawnAt`, or at a spawn point the
   * world draws; returns its player id.
   */
  seatBot(name: string, spawnAt?: Position): number;
  /** Frees a bot's seat (a `leave` event goes out). */
  unseatBot(playerId: number): void;
  /** Offers an input to the bot's input queue, the way a network client's input is queued. */
  offerInput(playerId: number, input: InputMessage): void;
}

/** A room's bots as the room drives them. */
export interface RoomBots {
  /** Seats changed: `humans` now hold seats (dropped players waiting for a rejoin included). */
  rebalance(humans: number): void;
  /** Right before each tick: every bot offers this tick's input. */
  beforeTick(): void;
}

/** Creates a room's bots (registered where rooms are composed, for rooms that have them). */
export type RoomBotsFactory = (host: BotSeatHost) => RoomBots;
