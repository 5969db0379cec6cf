import {
  DEFAULT_PREDICTOR_TUNING,
  INTERP_DELAY_SNAPSHOTS,
  MAX_EXTRAPOLATION_MS,
  type NetStats,
  OwnPlayerPredictor,
  type ServerClock,
  SnapshotBuffer,
  TickTimeline,
  teleportDistanceUnits,
} from '@arena/netcode';
import {
  type ArenaMap,
  type ClientMessage,
  type EventsMessage,
  findSnapshotStrategy,
  PLAYER_RADIUS_UNITS,
  type PlayerView,
  RESPAWN_DELAY_MS,
  type SnapshotDecoder,
  type SnapshotMessage,
  type WelcomeMessage,
} from '@arena/protocol';
import { type ArenaCue, ArenaCues } from './arena-cues';
import type { DrawnPlayer, FrameState, PlayerIntent } from './frame-state';
import { InputSender } from './input-sender';
import { type KillFeedEntry, RoomRoster, type ScoreLine } from './room-roster';
import { SpawnShields } from './spawn-shields';

export { KILL_FEED_LINES } from './room-roster';
export type { ArenaCue, DrawnPlayer, FrameState, KillFeedEntry, PlayerIntent, ScoreLine };
export { INTERP_DELAY_SNAPSHOTS, MAX_EXTRAPOLATION_MS };
/** How long the muzzle flash of an own shot shows, ms. */
export const MUZZLE_FLASH_MS = 70;

export interface RoomSessionOptions {
  /** How far behind the newest snapshots others are drawn, ms. @default 2 snapshot periods */
  readonly interpDelayMs?: number;
  /**
   * When inputs leave: `frame`, with the frames, one per tick period on average; or `aligned`,
   * each a short adaptive lead before the server's next tick (tick-aligned-inputs.ts in
   * @arena/netcode; the caller also runs a timer on `nextInputAtMs`). @default 'frame'
   */
  readonly inputTiming?: 'aligned' | 'frame';
  /** @default MAX_EXTRAPOLATION_MS */
  readonly maxExtrapolationMs?: number;
}

export interface RoomSessionDeps {
  readonly send: (message: ClientMessage) => void;
  readonly stats: NetStats;
  readonly clock: ServerClock;
}

/**
 * One seat in one room, as the client sees it: turns snapshots and events into what to draw,
 * and the player's intent into one input per server tick. It predicts the own player
 * (OwnPlayerPredictor), interpolates everyone else (SnapshotBuffer on a TickTimeline), sends
 * inputs (InputSender) and keeps the roster (RoomRoster). No Phaser, no DOM: time is an argument.
 */
export class RoomSession {
  readonly welcome: WelcomeMessage;
  readonly map: ArenaMap;
  readonly interpDelayMs: number;
  private readonly deps: RoomSessionDeps;
  private readonly decoder: SnapshotDecoder | undefined;
  private readonly tickPeriodMs: number;
  private readonly timeline: TickTimeline;
  private readonly buffer: SnapshotBuffer;
  private readonly inputs: InputSender;
  private latestIntent: PlayerIntent | undefined;
  private readonly roster: RoomRoster;
  private readonly cues: ArenaCues;
  private readonly shields = new SpawnShields();
  private predictor: OwnPlayerPredictor | undefined;
  private latestSelf: PlayerView | undefined;
  private newestTick = 0;
  /** A snapshot was decoded: the first may be of tick 0 (a replay paused at its start). */
  private hasSnapshot = false;
  /** The tick others were last drawn at (fractional); undefined before the first frame. */
  private lastRenderTick: number | undefined;
  private lastFrameMs: number | undefined;
  private deathAtMs: number | undefined;
  private decodeFailures = 0;

  constructor(welcome: WelcomeMessage, deps: RoomSessionDeps, options: RoomSessionOptions = {}) {
    this.welcome = welcome;
    this.deps = deps;
    this.map = { width: welcome.arenaWidth, height: welcome.arenaHeight, walls: welcome.walls };
    this.decoder = findSnapshotStrategy(welcome.strategy)?.createDecoder();
    this.tickPeriodMs = 1000 / welcome.tickRateHz;
    const snapshotPeriodMs = 1000 / welcome.snapshotRateHz;
    this.interpDelayMs = options.interpDelayMs ?? INTERP_DELAY_SNAPSHOTS * snapshotPeriodMs;
    this.timeline = new TickTimeline(this.tickPeriodMs);
    this.buffer = new SnapshotBuffer({
      maxExtrapolationTicks: (options.maxExtrapolationMs ?? MAX_EXTRAPOLATION_MS) / this.tickPeriodMs,
      // Anything faster than twice a player's speed between two snapshots is a respawn.
      teleportDistanceUnits: teleportDistanceUnits(snapshotPeriodMs),
    });
    this.cues = new ArenaCues(welcome.playerId);
    this.inputs = new InputSender(this.tickPeriodMs, options.inputTiming, deps.send, this.cues);
    this.roster = new RoomRoster(welcome.playerId, welcome.players);
  }

  get playerId(): number {
    return this.welcome.playerId;
  }

  get roomId(): string {
    return this.welcome.roomId;
  }

  /** False when the welcome named a snapshot strategy this build cannot decode. */
  get canDecode(): boolean {
    return this.decoder !== undefined;
  }

  /** Tick of the newest snapshot decoded (the baseline a delta strategy may encode against). */
  get lastSnapshotTick(): number {
    return this.newestTick;
  }

  get killFeed(): readonly KillFeedEntry[] {
    return this.roster.killFeed;
  }

  get snapshotDecodeFailures(): number {
    return this.decodeFailures;
  }

  /**
   * When the next input is due (performance.now() ms) with tick-aligned inputs: the caller runs
   * a timer for it and calls sendDueInputs, so inputs leave at their time and not at the next
   * frame. Undefined in frame timing or before the first snapshot.
   */
  get nextInputAtMs(): number | undefined {
    return this.inputs.nextInputAtMs;
  }

  /** The lead of tick-aligned inputs, ms (undefined in frame timing). */
  get inputLeadMs(): number | undefined {
    return this.inputs.inputLeadMs;
  }

  /** The timer of tick-aligned inputs fired: sends what is due with the newest intent. */
  sendDueInputs(nowMs: number): void {
    if (this.latestIntent !== undefined) this.sendInputs(nowMs, this.latestIntent);
  }

  /** The server's estimated backlog of this client's inputs (for the net graph). */
  get inputBacklog(): number {
    return this.inputs.estimatedBacklog;
  }

  /** One line of context for the net graph: rates, strategy, interpolation delay, input backlog. */
  describeNetcode(): string {
    const { tickRateHz, snapshotRateHz, strategy } = this.welcome;
    const backlog = Math.max(0, this.inputs.estimatedBacklog).toFixed(1);
    return `tick ${tickRateHz} Hz · snapshots ${snapshotRateHz} Hz (${strategy}) · interp ${this.interpDelayMs.toFixed(0)} ms · input backlog ${backlog}`;
  }

  nameOf(playerId: number): string {
    return this.roster.nameOf(playerId);
  }

  /** Whether the player is a server bot. */
  isBot(playerId: number): boolean {
    return this.roster.isBot(playerId);
  }

  onSnapshot(message: SnapshotMessage, bytes: number, nowMs: number): void {
    this.deps.stats.recordSnapshot(bytes);
    if (this.decoder === undefined) return;
    const decoded = this.decoder.decode(message.tick, message.body);
    if (!decoded.ok) {
      this.decodeFailures++;
      return;
    }
    const world = decoded.value;
    // Datagrams arrive in any order, and a snapshot too large for one comes over the WebSocket
    // meanwhile: one older than the newest fills its place between others to draw, and nothing
    // else (its arrival time says nothing of the server's clock, its own player is out of date).
    if (this.hasSnapshot && message.tick <= this.newestTick) {
      this.buffer.push(world);
      return;
    }
    this.hasSnapshot = true;
    this.newestTick = message.tick;
    // Spectators (player id 0) hold no seat to lose and their acks are ignored.
    if (this.playerId !== 0 && this.inputs.isAckDue(nowMs)) {
      this.deps.send({ type: 'ack', lastSnapshotTick: this.newestTick });
    }
    this.timeline.observe(message.tick, nowMs);
    this.buffer.push(world);
    const self = world.players.find((player) => player.id === this.playerId);
    if (self === undefined) return;
    this.reconcile(message.ackSeq, self, nowMs);
  }

  onEvents(message: EventsMessage, nowMs: number): void {
    for (const event of message.events) {
      this.cues.onEvent(event);
      this.shields.onEvent(event, nowMs);
      this.roster.onEvent(event, nowMs);
      switch (event.kind) {
        case 'kill':
          if (event.victimId === this.playerId) this.deathAtMs = nowMs;
          break;
        case 'respawn':
          if (event.playerId === this.playerId) {
            this.predictor?.teleport({ x: event.x, y: event.y });
            this.deathAtMs = undefined;
          }
          break;
      }
    }
  }

  /** One frame: sends the inputs due, advances smoothing and the timeline, samples what to draw. */
  update(nowMs: number, intent: PlayerIntent): FrameState {
    const elapsedMs = this.lastFrameMs === undefined ? 0 : nowMs - this.lastFrameMs;
    this.lastFrameMs = nowMs;
    this.latestIntent = intent;
    this.sendInputs(nowMs, intent);
    this.predictor?.smooth(elapsedMs);
    this.timeline.advance(nowMs);

    const renderTick = this.timeline.tickAt(nowMs) - this.interpDelayMs / this.tickPeriodMs;
    this.lastRenderTick = renderTick;
    const sampled = this.buffer.sample(renderTick);
    const extrapolationMs = sampled.extrapolatedTicks * this.tickPeriodMs;
    this.deps.stats.recordFrame(nowMs, { bufferDepth: sampled.bufferedAhead, extrapolationMs });

    const self = this.drawnSelf(intent, nowMs);
    const players: DrawnPlayer[] = [];
    for (const player of sampled.players) {
      if (player.id === this.playerId) continue;
      const shield = this.shields.remaining(player.id, nowMs);
      players.push({ ...player, name: this.nameOf(player.id), isSelf: false, shield });
    }
    if (self !== undefined) players.push(self);
    return {
      players,
      projectiles: sampled.projectiles,
      self,
      respawnInMs: this.respawnInMs(nowMs),
      isMuzzleFlash: nowMs - this.inputs.lastShotAtMs < MUZZLE_FLASH_MS,
      renderTick,
      extrapolationMs,
      bufferDepth: sampled.bufferedAhead,
      cues: this.cues.take(),
    };
  }

  /** Scores from the newest snapshot, best first. */
  scoreboard(): ScoreLine[] {
    const newest = this.buffer.newest;
    if (newest === undefined) return [];
    return this.roster.scoreboard(newest.players);
  }

  private reconcile(ackSeq: number, self: PlayerView, nowMs: number): void {
    const wasAlive = this.latestSelf === undefined || this.latestSelf.hp > 0;
    this.latestSelf = self;
    if (self.hp === 0 && this.deathAtMs === undefined) this.deathAtMs = nowMs;
    if (self.hp > 0) this.deathAtMs = undefined;
    if (this.predictor === undefined) {
      this.predictor = new OwnPlayerPredictor(
        {
          map: this.map,
          tickRateHz: this.welcome.tickRateHz,
          radius: this.welcome.mode === 'bench' ? 0 : PLAYER_RADIUS_UNITS,
          ...DEFAULT_PREDICTOR_TUNING,
        },
        self,
      );
    }
    const correction = this.predictor.reconcile(ackSeq, self);
    // A death or a respawn moves the player for reasons no prediction can know: not an error.
    const isLifeChange = wasAlive !== self.hp > 0;
    if (correction !== undefined && !isLifeChange && self.hp > 0) {
      this.deps.stats.recordCorrection(correction.distanceUnits);
    }
    this.inputs.snapshotArrived(ackSeq, this.predictor.pendingCount, this.deps.clock.rttMs, nowMs);
  }

  private sendInputs(nowMs: number, intent: PlayerIntent): void {
    // Until the first snapshot there is no position to predict from; the server would only
    // queue inputs for a player the client cannot draw yet.
    if (this.predictor === undefined) return;
    const isAlive = this.latestSelf === undefined || this.latestSelf.hp > 0;
    this.inputs.sendDue(nowMs, intent, this.predictor, isAlive, this.newestTick, this.lastRenderTick);
  }

  private drawnSelf(intent: PlayerIntent, nowMs: number): DrawnPlayer | undefined {
    if (this.predictor === undefined || this.latestSelf === undefined) return undefined;
    const at = this.predictor.renderPosition;
    return {
      id: this.playerId,
      x: at.x,
      y: at.y,
      angle: this.latestSelf.hp > 0 ? intent.aim : this.latestSelf.angle,
      hp: this.latestSelf.hp,
      score: this.latestSelf.score,
      name: this.nameOf(this.playerId),
      isSelf: true,
      shield: this.latestSelf.hp > 0 ? this.shields.remaining(this.playerId, nowMs) : 0,
    };
  }

  private respawnInMs(nowMs: number): number | undefined {
    if (this.latestSelf === undefined || this.latestSelf.hp > 0 || this.deathAtMs === undefined) {
      return undefined;
    }
    return Math.max(0, this.deathAtMs + RESPAWN_DELAY_MS - nowMs);
  }
}
