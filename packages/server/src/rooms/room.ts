import {
  type ByteAttribution,
  ErrorCode,
  encodeServerMessage,
  fail,
  type GameEvent,
  type InputMessage,
  ok,
  type Result,
} from '@arena/protocol';
import { FixedTickLoop, type LoopClock, realClock } from '../loop/fixed-tick-loop';
import { createSeatSecret, isSameSecret } from '../security/seat-token';
import { hashWorld } from '../sim/state-hash';
import { World } from '../sim/world';
import { AckWatch } from './ack-watch';
import { BotMembers } from './bot-members';
import type { RoomBots } from './bot-seats';
import { closeFailedRoom } from './close-failed-room';
import { describeRoom } from './describe-room';
import { encodePlayerWelcome } from './encode-player-welcome';
import type { InputQueue } from './input-queue';
import { AWAY, type GraceSeat, type GraceWatch, ReconnectGrace } from './reconnect-grace';
import type { SteppedWorld } from './room-hooks';
import { RoomInputs } from './room-inputs';
import { RoomMembers } from './room-members';
import type { RoomOptions } from './room-options';
import { RoomStats } from './room-stats';
import type { RoomConfig, RoomConnection, RoomInfo } from './room-types';
import { SnapshotFanOut } from './snapshot-fan-out';

export type { GraceWatch } from './reconnect-grace';
export type { RoomOptions } from './room-options';

interface Member extends GraceSeat {
  readonly name: string;
  inputs: InputQueue;
  /** Secret of the seat token in this player's newest welcome. */
  seatSecret: string;
  /** Newest snapshot tick this player reported receiving: its delta baseline (0 = send a keyframe). */
  baselineTick: number;
  /** Highest acknowledgement AckWatch has seen on this connection, and the tick it was seen at. */
  ackSeenTick: number;
  ackSeenAtTick: number;
}

/**
 * One authoritative room: a World stepped by a FixedTickLoop, the players' input queues, and
 * snapshot/event fan-out. It knows nothing of sockets: players are RoomConnections.
 */
export class Room implements SteppedWorld {
  readonly config: RoomConfig;
  readonly stats = new RoomStats();
  private readonly world: World;
  private readonly loop: FixedTickLoop;
  private readonly members: RoomMembers<Member>;
  private readonly snapshots: SnapshotFanOut;
  private readonly clock: LoopClock;
  private readonly options: RoomOptions;
  private readonly ackWatch: AckWatch | undefined;
  /** Seats held by server bots: not members (nothing is sent to them, they never keep the room open). */
  private readonly botMembers: BotMembers;
  private readonly bots: RoomBots | undefined;
  private readonly inputs: RoomInputs;
  private readonly grace: ReconnectGrace;
  private nextPlayerId = 1;
  private closed = false;
  private readonly pendingEvents: GameEvent[] = [];
  /** The synchronous part of a tick whose fan-out is still going out in slices, ms. */
  private unreportedTickMs = 0;

  constructor(options: RoomOptions) {
    this.options = options;
    this.config = options.config;
    this.clock = options.clock ?? realClock;
    this.ackWatch = AckWatch.forRoom(options.ackTimeoutMs ?? 0, this.config.tickRateHz);
    this.inputs = new RoomInputs(options, this.stats);
    this.grace = new ReconnectGrace({
      clock: this.clock,
      graceMs: options.reconnectGraceMs ?? 0,
      onHeld: () => options.onMembershipChanged?.(this),
      onExpired: (playerId) => this.leave(playerId),
      onError: (error) => this.fail(error, 'seat release'),
    });
    this.snapshots = new SnapshotFanOut(this.config.strategy, this.stats, this.clock);
    this.members = new RoomMembers({
      clock: this.clock,
      idleTimeoutMs: options.idleTimeoutMs,
      ...(options.unjoinedTimeoutMs === undefined ? {} : { unjoinedTimeoutMs: options.unjoinedTimeoutMs }),
      onIdle: () => this.close(ErrorCode.ROOM_CLOSED, `room ${this.id} closed after being empty`),
      send: (connection, bytes) => this.sendTo(connection, bytes),
    });
    this.world = new World({
      mode: this.config.mode,
      tickRateHz: this.config.tickRateHz,
      seed: this.config.seed,
      maxRewindMs: this.config.maxRewindMs,
    });
    this.botMembers = new BotMembers({
      config: this.config,
      world: this.world,
      takePlayerId: () => this.nextPlayerId++,
      newInputQueue: () => this.inputs.newQueue(),
      events: this.pendingEvents,
      stats: this.stats,
      hooks: options.hooks,
      observer: options.observer,
    });
    this.bots = options.bots?.(this.botMembers);
    this.loop = new FixedTickLoop({
      rateHz: this.config.tickRateHz,
      clock: this.clock,
      beforeTicks: () => this.readConnections(),
      onTick: () => this.tick(),
      onError: (error) => this.fail(error),
    });
    // A tick whose fan-out goes on in later slices is reported once its last slice is sent.
    this.loop.onTickDuration = (ms) => {
      if (this.snapshots.isSending) this.unreportedTickMs = ms;
      else this.reportTick(ms);
    };
    this.loop.onTicksSkipped = (count) => {
      // the players' inputs for those tick periods are still coming: they may be applied later
      for (const member of this.members.values()) member.inputs.grantSkippedTicks(count);
      for (const bot of this.botMembers.values()) bot.inputs.grantSkippedTicks(count);
      options.observer?.ticksSkipped(this.id, count);
    };
    this.loop.start();
  }

  get id(): string {
    return this.config.id;
  }

  get playerCount(): number {
    return this.members.size;
  }

  get isFull(): boolean {
    return this.members.size >= this.config.maxPlayers;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get tickCount(): number {
    return this.world.tick;
  }

  get loopStats() {
    return this.loop.stats;
  }

  /** Seats held by server bots (not counted in playerCount). */
  get botCount(): number {
    return this.botMembers.size;
  }

  /** Players whose connection is live (seats held for a rejoin not counted). */
  get livePlayerCount(): number {
    return this.members.size - this.grace.awayCount;
  }

  info(): RoomInfo {
    return describeRoom(this.config, this.members.size, this.grace.awayCount, this.botMembers.size);
  }

  /** Seats a player and sends the welcome. Fails with ROOM_FULL or ROOM_CLOSED. */
  join(name: string, connection: RoomConnection): Result<number> {
    if (this.closed) return fail(ErrorCode.ROOM_CLOSED, `room ${this.id} is closed`);
    if (this.isFull)
      return fail(ErrorCode.ROOM_FULL, `room ${this.id} is full (${this.config.maxPlayers} players)`);
    // a seat a bot holds is a human's for the asking
    if (this.members.size + this.botMembers.size >= this.config.maxPlayers) {
      this.bots?.rebalance(this.members.size + 1);
    }
    const playerId = this.nextPlayerId++;
    this.world.addPlayer(playerId, name);
    this.members.add(playerId, {
      playerId,
      name,
      connection,
      inputs: this.inputs.newQueue(),
      baselineTick: 0,
      ackSeenTick: 0,
      ackSeenAtTick: this.world.tick,
      seatSecret: createSeatSecret(),
      graceTimer: undefined,
      graceWatch: undefined,
    });
    if (this.config.network !== undefined) connection.simulateNetwork?.(this.config.network);
    this.options.hooks?.playerJoined(playerId, name);
    // the first human brings the bots in, before the welcome that lists them
    this.bots?.rebalance(this.members.size);
    this.sendTo(connection, this.welcomeFor(playerId));
    this.pendingEvents.push({ kind: 'join', playerId, name });
    this.options.onMembershipChanged?.(this);
    return ok(playerId);
  }

  leave(playerId: number): void {
    const member = this.members.get(playerId);
    if (member === undefined) return;
    this.grace.end(member);
    this.members.remove(playerId);
    this.world.removePlayer(playerId);
    this.options.hooks?.playerLeft(playerId);
    this.snapshots.forgetViewer(playerId);
    this.pendingEvents.push({ kind: 'leave', playerId });
    this.bots?.rebalance(this.members.size);
    this.options.onMembershipChanged?.(this);
  }

  /** Players whose connection dropped and whose seat waits for a rejoin. */
  get awayCount(): number {
    return this.grace.awayCount;
  }

  /**
   * The player's connection dropped without a leave: seat, score and position stay for the
   * reconnect grace period (the player stands still meanwhile), then the seat is freed. A
   * connection that no longer holds the seat (it was taken over) changes nothing. `watch` hears
   * when the seat starts and stops waiting.
   */
  suspend(playerId: number, connection: RoomConnection, watch?: GraceWatch): void {
    const member = this.members.get(playerId);
    if (member === undefined || member.connection !== connection) return;
    if (this.grace.isOff || this.closed) {
      this.leave(playerId);
      return;
    }
    member.inputs = this.inputs.newQueue();
    this.grace.hold(member, watch);
  }

  /**
   * Gives a seat back to whoever proves it with the secret of its newest welcome, and sends a
   * fresh welcome (same player id, new secret: a token works once). Everything is checked
   * before anything changes, so a wrong, stale or replayed secret leaves the seat, its grace
   * timer and its holder untouched. When another connection still holds the seat (a second
   * tab), the newest rejoin wins and the other connection is told BAD_SEAT and unseated.
   */
  resume(playerId: number, secret: string, connection: RoomConnection): Result<number> {
    const member = this.members.get(playerId);
    if (this.closed || member === undefined || !isSameSecret(member.seatSecret, secret)) {
      return fail(ErrorCode.BAD_SEAT, 'unknown, expired or already used seat token');
    }
    if (member.connection === connection) {
      return fail(ErrorCode.ALREADY_IN_ROOM, `already seated in room ${this.id}`);
    }
    const previous = member.connection;
    this.grace.end(member);
    member.connection = connection;
    member.inputs = this.inputs.newQueue();
    member.baselineTick = 0;
    AckWatch.restart(member, this.world.tick);
    member.seatSecret = createSeatSecret();
    this.snapshots.forgetViewer(playerId);
    if (previous !== AWAY) {
      const message = 'this seat was taken over by a newer connection (another tab or device)';
      this.sendTo(previous, encodeServerMessage({ type: 'error', code: ErrorCode.BAD_SEAT, message }));
      previous.roomClosed(ErrorCode.BAD_SEAT, message);
    }
    this.sendTo(connection, this.welcomeFor(playerId));
    if (previous === AWAY) this.options.onMembershipChanged?.(this);
    return ok(playerId);
  }

  /** Relays a (sanitised) chat line from a seated player to everyone in the room. */
  chat(playerId: number, text: string): void {
    this.members.chat(playerId, playerId, text);
  }

  /** Queues a validated input; returns false when it was dropped (stale, duplicate, overflow). */
  receiveInput(playerId: number, input: InputMessage): 'queued' | 'dropped' | 'forged' {
    const member = this.members.get(playerId);
    if (member === undefined) return 'dropped';
    return this.inputs.receive(member, input, this.world.tick);
  }

  /** The newest snapshot a player received, reported without an input (an `ack`). */
  receiveAck(playerId: number, lastSnapshotTick: number): void {
    const member = this.members.get(playerId);
    if (member !== undefined) this.inputs.acknowledge(member, lastSnapshotTick, this.world.tick);
  }

  /** Where this room's snapshot bytes go, field by field, for its strategy (newest snapshot vs two back). */
  byteAttribution(): ByteAttribution | undefined {
    return this.snapshots.byteAttribution();
  }

  /** SHA-256 of the simulation state (determinism checks, replays). */
  stateHash(): string {
    return hashWorld(this.world);
  }

  /** Closes the room: every player gets `code` and is unseated, the loop stops. Idempotent. */
  close(code: ErrorCode, message: string): void {
    if (this.closed) return;
    this.closed = true;
    this.loop.stop();
    for (const member of this.members.values()) this.grace.end(member);
    this.members.closeAll(code, message);
    this.options.hooks?.closed();
    this.options.observer?.roomClosed(this.id);
    this.options.onDisposed(this);
  }

  /** A tick's duration: simulation, encoding and every slice of its fan-out. */
  private reportTick(ms: number): void {
    this.stats.recordTickDuration(ms);
    this.options.observer?.tick(this.id, ms, ms > this.loop.periodMs);
  }

  /** Each player's messages since the last tick, read now, so the tick applies them all. */
  private readConnections(): void {
    for (const member of this.members.values()) member.connection.readPending?.();
  }

  private tick(): void {
    this.inputs.beginTick();
    this.bots?.beforeTick();
    let appliedCount = 0;
    for (const member of this.members.values()) appliedCount += this.inputs.take(member);
    for (const bot of this.botMembers.values()) appliedCount += this.inputs.take(bot);
    this.stats.inputsApplied += appliedCount;
    // One metrics call per tick, not one per player: this runs N times T a second.
    if (appliedCount > 0) this.options.observer?.inputsApplied(appliedCount);
    const events = this.world.step(this.inputs.thisTick);
    for (const rewindTicks of this.world.drainRewinds()) {
      this.options.observer?.shotRewound((rewindTicks * 1000) / this.config.tickRateHz);
    }
    this.options.hooks?.ticked(this.world.tick, this.inputs.thisTick, this);
    this.pendingEvents.push(...events);
    this.flushEvents();
    if (this.isSnapshotTick()) this.sendSnapshots();
    // players who stopped reading are dropped (SLOW_CONSUMER), their seats kept for a rejoin
    this.ackWatch?.sweep(this.world.tick, this.members.values());
  }

  /** Spreads snapshots evenly when the snapshot rate is below the tick rate. */
  private isSnapshotTick(): boolean {
    const { tickRateHz, snapshotRateHz } = this.config;
    const tick = this.world.tick;
    return (
      Math.floor((tick * snapshotRateHz) / tickRateHz) !==
      Math.floor(((tick - 1) * snapshotRateHz) / tickRateHz)
    );
  }

  private sendSnapshots(): void {
    if (this.members.size === 0) return;
    this.snapshots.send(this.world.view(), this.members.values(), (restMs) => {
      if (!this.closed) this.reportTick(this.unreportedTickMs + restMs);
    });
  }

  private flushEvents(): void {
    this.members.sendEvents(this.world.tick, this.pendingEvents);
    this.pendingEvents.length = 0;
  }

  private welcomeFor(playerId: number): Uint8Array {
    return encodePlayerWelcome(this.world, this.config, {
      playerId,
      seatSecret: this.members.get(playerId)?.seatSecret ?? '',
      players: this.members.values(),
      bots: this.botMembers.values(),
    });
  }

  private sendTo(connection: RoomConnection, bytes: Uint8Array): void {
    this.stats.messagesOut++;
    this.stats.bytesOut += bytes.length;
    connection.send(bytes);
  }

  /**
   * Closes this room with ROOM_ERROR after an exception in its tick or in a message handler
   * (`where`); every other room keeps running.
   */
  fail(error: unknown, where = 'tick'): void {
    closeFailedRoom(this, this.options.logger, { error, where, tick: this.world.tick });
  }
}
