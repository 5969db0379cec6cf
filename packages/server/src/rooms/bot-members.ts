import type { GameEvent, InputMessage, Position, WorldView } from '@arena/protocol';
import type { World } from '../sim/world';
import type { BotSeatHost } from './bot-seats';
import type { InputQueue } from './input-queue';
import type { RoomHooks } from './room-hooks';
import type { RoomObserver } from './room-observer';
import type { RoomStats } from './room-stats';
import type { RoomConfig } from './room-types';

/** A seat held by a server bot: a player of the world with an input queue, and no connection. */
export interface BotMember {
  readonly playerId: number;
  readonly name: string;
  readonly inputs: InputQueue;
}

export interface BotMembersOptions {
  readonly config: RoomConfig;
  readonly world: World;
  /** The room's next player id (bots and humans share one sequence). */
  readonly takePlayerId: () => number;
  readonly newInputQueue: () => InputQueue;
  /** Where the room collects this tick's events. */
  readonly events: GameEvent[];
  readonly stats: RoomStats;
  readonly hooks?: RoomHooks | undefined;
  readonly observer?: RoomObserver | undefined;
}

/**
 * The bot seats of one room: what the room gives its bots (BotSeatHost). A bot seat is a world
 * player like any other (recorded by the room's hooks, announced by join and leave events), its
 * inputs counted and queued like a client's; it just has no connection to send anything to.
 */
export class BotMembers implements BotSeatHost {
  private readonly byId = new Map<number, BotMember>();

  constructor(private readonly options: BotMembersOptions) {}

  get map() {
    return this.options.world.map;
  }

  get tickRateHz(): number {
    return this.options.config.tickRateHz;
  }

  get maxPlayers(): number {
    return this.options.config.maxPlayers;
  }

  get size(): number {
    return this.byId.size;
  }

  values(): IterableIterator<BotMember> {
    return this.byId.values();
  }

  view(): WorldView {
    return this.options.world.view();
  }

  get spawnPoints(): readonly Position[] {
    return this.options.world.spawnPoints;
  }

  seatBot(name: string, spawnAt?: Position): number {
    const playerId = this.options.takePlayerId();
    this.options.world.addPlayer(playerId, name, spawnAt);
    this.byId.set(playerId, { playerId, name, inputs: this.options.newInputQueue() });
    this.options.hooks?.playerJoined(playerId, name, spawnAt);
    this.options.events.push({ kind: 'join', playerId, name, bot: true });
    return playerId;
  }

  unseatBot(playerId: number): void {
    if (!this.byId.delete(playerId)) return;
    this.options.world.removePlayer(playerId);
    this.options.hooks?.playerLeft(playerId);
    this.options.events.push({ kind: 'leave', playerId });
  }

  offerInput(playerId: number, input: InputMessage): void {
    const bot = this.byId.get(playerId);
    if (bot === undefined) return;
    this.options.stats.inputsReceived++;
    if (bot.inputs.offer(input) === 'queued') return;
    this.options.stats.inputsDropped++;
    this.options.observer?.inputDropped();
  }
}
