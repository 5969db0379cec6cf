import { type InputMessage, quantizeAngle, quantizeMoveAxis, validateInputFields } from '@arena/protocol';
import type { BotSeatHost, RoomBots, RoomBotsFactory } from '../rooms/bot-seats';
import { createRng, type Rng } from '../sim/rng';
import { BotBrain, type BotIntent } from './bot-brain';
import { nextBotName } from './bot-names';
import { chooseBotSpawn } from './bot-spawn';
import { NavGrid } from './nav-grid';

export interface ServerBotsOptions {
  /** Bots fill the room up to this many fighters, humans and bots together, while a human plays. */
  readonly minFighters: number;
  /** Seeds the bots' decisions (the room's seed: a match replays the same). */
  readonly seed: number;
}

/** How many bots a room with `humans` seated wants: none without a human, never a seat a human needs. */
export function wantedBots(minFighters: number, humans: number, maxPlayers: number): number {
  if (humans <= 0) return 0;
  return Math.max(0, Math.min(minFighters - humans, maxPlayers - humans));
}

interface SeatedBot {
  readonly playerId: number;
  readonly name: string;
  readonly brain: BotBrain;
  seq: number;
}

/** The factory a room is given (rooms/bot-seats.ts) for server bots with these options. */
export function serverBots(options: ServerBotsOptions): RoomBotsFactory {
  return (host) => new ServerBots(host, options);
}

/**
 * A room's server bots: as many as `wantedBots` says, newest first to leave. Each tick every bot
 * reads the world as a snapshot shows it, decides (bot-brain.ts), and offers its input to its
 * seat's input queue the way a network client's is offered: quantised and checked by the
 * protocol's own input validation, so the tick applies it with the same speed, cooldown and
 * input credit as anyone's.
 */
export class ServerBots implements RoomBots {
  private readonly seated: SeatedBot[] = [];
  private readonly botIds = new Set<number>();
  private readonly rng: Rng;
  private nav: NavGrid | undefined;

  constructor(
    private readonly host: BotSeatHost,
    private readonly options: ServerBotsOptions,
  ) {
    // its own stream: bots never change the world's draws (spawns)
    this.rng = createRng(options.seed ^ 0x5eed_b075);
  }

  rebalance(humans: number): void {
    const wanted = wantedBots(this.options.minFighters, humans, this.host.maxPlayers);
    while (this.seated.length > wanted) {
      const leaving = this.seated.pop()!;
      this.botIds.delete(leaving.playerId);
      this.host.unseatBot(leaving.playerId);
    }
    while (this.seated.length < wanted) this.seatOne();
  }

  beforeTick(): void {
    if (this.seated.length === 0) return;
    const view = this.host.view();
    for (const bot of this.seated) {
      const input = toInput(bot.brain.decide(view), ++bot.seq);
      if (input !== undefined) this.host.offerInput(bot.playerId, input);
    }
  }

  private seatOne(): void {
    // built on the first bot: a room that never has one never pays for the grid
    this.nav ??= new NavGrid(this.host.map);
    const name = nextBotName(new Set(this.seated.map((bot) => bot.name)));
    const at = chooseBotSpawn(
      this.host.spawnPoints,
      this.host.view().players,
      (id) => !this.botIds.has(id),
      this.host.map.walls,
    );
    const playerId = this.host.seatBot(name, at);
    this.botIds.add(playerId);
    const brain = new BotBrain(playerId, {
      map: this.host.map,
      nav: this.nav,
      tickRateHz: this.host.tickRateHz,
      rng: this.rng,
      isBot: (id) => this.botIds.has(id),
    });
    this.seated.push({ playerId, name, brain, seq: 0 });
  }
}

/**
 * The intent as a client would send it: quantised like the wire's input record and validated by
 * the same function, so a bot can send nothing a client could not. No snapshot tick (0): the bot
 * sees the present, so its shots are not rewound.
 */
function toInput(intent: BotIntent, seq: number): InputMessage | undefined {
  const checked = validateInputFields(
    seq,
    quantizeMoveAxis(intent.moveX),
    quantizeMoveAxis(intent.moveY),
    quantizeAngle(intent.aim),
    intent.fire,
    0,
    0,
    0,
  );
  return checked.ok ? checked.value : undefined;
}
