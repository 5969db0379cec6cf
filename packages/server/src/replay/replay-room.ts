import type { PlaybackChange, PlaybackState } from '@arena/protocol';
import {
  type ByteAttribution,
  ErrorCode,
  fail,
  type GameEvent,
  type InputMessage,
  ok,
  type Result,
  type WorldView,
} from '@arena/protocol';
import { FixedTickLoop, type LoopClock, realClock } from '../loop/fixed-tick-loop';
import { closeFailedRoom } from '../rooms/close-failed-room';
import { encodeWelcome } from '../rooms/encode-welcome';
import { RoomMembers } from '../rooms/room-members';
import type { Logger, RoomConnection, RoomInfo } from '../rooms/room-types';
import type { WatchedRoom } from '../rooms/spectator-rooms';
import { hashWorld } from '../sim/state-hash';
import type { Recording } from './recording-format';
import { ReplayCursor } from './replay-cursor';
import { type Spectator, SpectatorFeed } from './spectator-feed';

/** Slowest and fastest playback, times real time. */
export const REPLAY_SPEED_MIN = 0.25;
export const REPLAY_SPEED_MAX = 8;
/**
 * Snapshots per real second at most, whatever the speed: at 8x a 60 Hz recording would
 * otherwise send 480 a second to every spectator. Interpolation covers the wider spacing.
 */
export const REPLAY_SNAPSHOT_RATE_MAX_HZ = 60;
/**
 * Ticks simulated ahead per slice to take checkpoints, between other work: about 10 ms with 8
 * players, so live rooms of the process keep their tick rate while a long recording is prepared.
 */
export const PREPARE_SLICE_TICKS = 500;

/** A replay room as GET /api/rooms lists it: a room, plus the `replay` marker. */
export interface ReplayRoomInfo extends RoomInfo {
  readonly replay: PlaybackState;
}

export interface ReplayRoomOptions {
  readonly id: string;
  /** The recording's file name (for listings). */
  readonly recordingName: string;
  readonly recording: Recording;
  /** Snapshot strategy for spectators (recordings do not say which one the match used). */
  readonly strategy: string;
  readonly maxSpectators: number;
  /** How long the room stays open with nobody watching. */
  readonly idleTimeoutMs: number;
  /** Start paused (at tick 0). @default false */
  readonly isPaused?: boolean;
  readonly logger: Logger;
  readonly clock?: LoopClock;
  /** The room is gone (idle, closed or failed); the directory forgets it. */
  readonly onDisposed: (room: ReplayRoom) => void;
  /** A spectator came or went, or playback changed (the room list changes). */
  readonly onChanged?: (room: ReplayRoom) => void;
}

/**
 * A room that plays a recorded match back: the recording re-simulated tick by tick with the
 * same World code (state hashes checked on the way), its snapshots and events sent to
 * spectators who joined with the normal join flow. Spectators have no entity: their welcome
 * says player id 0. Playback can pause, change speed (0.25x..8x: the loop ticks faster or
 * slower) and seek (ReplayCursor: checkpoints, then re-simulation). After every change each
 * spectator gets a fresh welcome, whose tick and snapshot rates are per real second at the new
 * speed, followed by a keyframe of the current tick: the client starts its timeline anew, so
 * interpolation stays smooth at any speed and a paused replay shows exactly the paused tick.
 */
export class ReplayRoom implements WatchedRoom {
  readonly id: string;
  private readonly options: ReplayRoomOptions;
  private readonly clock: LoopClock;
  private readonly cursor: ReplayCursor;
  private readonly feed: SpectatorFeed;
  private readonly spectators: RoomMembers<Spectator>;
  private readonly pendingEvents: GameEvent[] = [];
  private loop: FixedTickLoop | undefined;
  private nextSpectatorId = 1;
  private isPausedNow: boolean;
  private speedNow = 1;
  /** Ticks played since the last playback change (spreads snapshots evenly). */
  private ticksThisRun = 0;
  private divergedAtTick: number | null = null;
  private closed = false;

  constructor(options: ReplayRoomOptions) {
    this.options = options;
    this.id = options.id;
    this.clock = options.clock ?? realClock;
    this.cursor = new ReplayCursor(options.recording);
    this.feed = new SpectatorFeed(options.strategy);
    this.isPausedNow = options.isPaused ?? false;
    this.restartLoop();
    this.spectators = new RoomMembers({
      clock: this.clock,
      idleTimeoutMs: options.idleTimeoutMs,
      onIdle: () => this.close(ErrorCode.ROOM_CLOSED, `replay ${this.id} closed after nobody watched`),
      send: (connection, bytes) => connection.send(bytes),
    });
    this.prepareSlice();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get spectatorCount(): number {
    return this.spectators.size;
  }

  /** The replayed world's tick. */
  get tickCount(): number {
    return this.cursor.world.tick;
  }

  playback(): PlaybackState {
    return {
      roomId: this.id,
      recording: this.options.recordingName,
      tick: this.cursor.position,
      totalTicks: this.cursor.totalTicks,
      tickRateHz: this.options.recording.header.tickRateHz,
      paused: this.isPausedNow,
      speed: this.speedNow,
      spectators: this.spectators.size,
      divergedAtTick: this.divergedAtTick,
    };
  }

  info(): ReplayRoomInfo {
    const { mode, tickRateHz, snapshotRateHz, maxRewindMs } = this.options.recording.header;
    return {
      id: this.id,
      mode,
      players: this.spectators.size,
      maxPlayers: this.options.maxSpectators,
      tickRateHz,
      snapshotRateHz,
      strategy: this.feed.strategy,
      lagCompensation: maxRewindMs > 0,
      network: 'none',
      recording: false,
      replay: this.playback(),
    };
  }

  /**
   * Seeks, changes speed and pauses or resumes, in that order; BAD_OPTION for a speed or tick out
   * of range (nothing changes then). Resuming at the end starts over from tick 0.
   */
  control(change: PlaybackChange): Result<PlaybackState> {
    if (this.closed) return fail(ErrorCode.ROOM_CLOSED, `room ${this.id} is closed`);
    const { speed, tick, paused } = change;
    if (speed !== undefined && !(speed >= REPLAY_SPEED_MIN && speed <= REPLAY_SPEED_MAX)) {
      return fail(
        ErrorCode.BAD_OPTION,
        `speed must be ${REPLAY_SPEED_MIN}..${REPLAY_SPEED_MAX}, got ${speed}`,
      );
    }
    if (tick !== undefined && !(Number.isInteger(tick) && tick >= 0 && tick <= this.cursor.totalTicks)) {
      return fail(ErrorCode.BAD_OPTION, `tick must be an integer 0..${this.cursor.totalTicks}, got ${tick}`);
    }
    if (tick !== undefined) {
      this.cursor.seek(tick);
      this.pendingEvents.length = 0;
    }
    if (speed !== undefined) this.speedNow = speed;
    if (paused !== undefined) this.isPausedNow = paused;
    if (paused === false && this.cursor.isAtEnd) this.cursor.seek(0);
    this.restartLoop();
    this.restartViewers();
    this.options.onChanged?.(this);
    return ok(this.playback());
  }

  /** Seats a spectator (no entity in the world) and sends the welcome and a keyframe. */
  join(name: string, connection: RoomConnection): Result<number> {
    if (this.closed) return fail(ErrorCode.ROOM_CLOSED, `room ${this.id} is closed`);
    if (this.spectators.size >= this.options.maxSpectators) {
      return fail(
        ErrorCode.ROOM_FULL,
        `replay ${this.id} is full (${this.options.maxSpectators} spectators)`,
      );
    }
    const key = this.nextSpectatorId++;
    const spectator: Spectator = { name, connection, viewerId: -key };
    this.spectators.add(key, spectator);
    this.feed.greet(spectator, this.welcome(), this.currentView());
    this.options.onChanged?.(this);
    return ok(key);
  }

  leave(key: number): void {
    const spectator = this.spectators.remove(key);
    if (spectator === undefined) return;
    this.feed.forget(spectator);
    this.options.onChanged?.(this);
  }

  /** A spectator's connection dropped: there is no seat to keep, it just leaves. */
  suspend(key: number, connection: RoomConnection): void {
    if (this.spectators.get(key)?.connection === connection) this.leave(key);
  }

  /** Spectators hold no seat token: a rejoin is refused (the client joins again). */
  resume(_key: number, _secret: string, _connection: RoomConnection): Result<number> {
    return fail(ErrorCode.BAD_SEAT, 'a replay has no seats to take back: join it again');
  }

  /** Spectators talk among themselves (sender id 0: nobody in the recording). */
  chat(key: number, text: string): void {
    this.spectators.chat(key, 0, text);
  }

  /** Spectators do not play: inputs are dropped. */
  receiveInput(_key: number, _input: InputMessage): 'queued' | 'dropped' | 'forged' {
    return 'dropped';
  }

  /** Spectators get keyframes only, and are never dropped for not acknowledging them: acks are ignored. */
  receiveAck(_key: number, _lastSnapshotTick: number): void {}

  /** Where the snapshot bytes go: keyframes, which is what spectators get (they never acknowledge). */
  byteAttribution(): ByteAttribution | undefined {
    return this.feed.byteAttribution();
  }

  /** SHA-256 of the replayed world (tests compare it with the recording's hashes). */
  stateHash(): string {
    return hashWorld(this.cursor.world);
  }

  /** Closes the room: every spectator gets `code`, the loop stops. Idempotent. */
  close(code: ErrorCode, message: string): void {
    if (this.closed) return;
    this.closed = true;
    this.loop?.stop();
    this.spectators.closeAll(code, message);
    this.options.onDisposed(this);
  }

  /** Closes the room with ROOM_ERROR after an exception in its tick or a message handler. */
  fail(error: unknown, where = 'tick'): void {
    closeFailedRoom(this, this.options.logger, { error, where, tick: this.cursor.position }, 'replay');
  }

  private tick(): void {
    const replayed = this.cursor.step();
    if (replayed === undefined) {
      this.pauseAtEnd();
      return;
    }
    if (!replayed.isVerified && this.divergedAtTick === null) {
      this.divergedAtTick = replayed.tick;
      this.options.logger.warn(
        { roomId: this.id, recording: this.options.recordingName, tick: replayed.tick },
        'replay diverged from the recorded state hash (the simulation code changed since recording?)',
      );
    }
    this.ticksThisRun++;
    this.pendingEvents.push(...replayed.events);
    this.flushEvents();
    if (this.isSnapshotTick() || this.cursor.isAtEnd) this.feed.send(this.currentView(), this.spectators);
    if (this.cursor.isAtEnd) this.pauseAtEnd();
  }

  /** The end: hold the last tick, paused, until someone seeks or resumes (from the start). */
  private pauseAtEnd(): void {
    this.isPausedNow = true;
    this.restartLoop();
    this.restartViewers();
    this.options.onChanged?.(this);
  }

  /** Takes the recording's checkpoints ahead of any seek, one slice per timer turn. */
  private prepareSlice(): void {
    if (this.closed) return;
    try {
      if (!this.cursor.prepare(PREPARE_SLICE_TICKS)) return;
    } catch (error) {
      this.fail(error, 'prepare');
      return;
    }
    this.clock.setTimeout(() => this.prepareSlice(), 0);
  }

  /** Ticks per real second at the current speed. */
  private get tickRateNowHz(): number {
    return this.options.recording.header.tickRateHz * this.speedNow;
  }

  /** Snapshots per real second at the current speed (the recording's rate, scaled, capped). */
  private get snapshotRateNowHz(): number {
    return Math.min(
      this.options.recording.header.snapshotRateHz * this.speedNow,
      REPLAY_SNAPSHOT_RATE_MAX_HZ,
    );
  }

  private isSnapshotTick(): boolean {
    const perTick = this.snapshotRateNowHz / this.tickRateNowHz;
    const n = this.ticksThisRun;
    return Math.floor(n * perTick) !== Math.floor((n - 1) * perTick);
  }

  private restartLoop(): void {
    this.loop?.stop();
    this.loop = undefined;
    this.ticksThisRun = 0;
    if (this.isPausedNow || this.closed) return;
    const loop = new FixedTickLoop({
      rateHz: this.tickRateNowHz,
      clock: this.clock,
      onTick: () => this.tick(),
      onError: (error) => this.fail(error),
    });
    this.loop = loop;
    loop.start();
  }

  /** After a playback change: every spectator starts over from a welcome and a keyframe. */
  private restartViewers(): void {
    if (this.spectators.size === 0) return;
    const view = this.currentView();
    const welcome = this.welcome();
    for (const spectator of this.spectators.values()) this.feed.greet(spectator, welcome, view);
  }

  private flushEvents(): void {
    this.spectators.sendEvents(this.cursor.world.tick, this.pendingEvents);
    this.pendingEvents.length = 0;
  }

  private currentView(): WorldView {
    return this.cursor.world.view();
  }

  private welcome(): Uint8Array {
    const world = this.cursor.world;
    return encodeWelcome(world, {
      playerId: 0,
      roomId: this.id,
      tickRateHz: this.tickRateNowHz,
      snapshotRateHz: this.snapshotRateNowHz,
      strategy: this.feed.strategy,
      mode: this.options.recording.header.mode,
      players: world.playerStates().map(({ id, name }) => ({ id, name })),
      seatToken: '',
    });
  }
}

export type { PlaybackChange, PlaybackState };
