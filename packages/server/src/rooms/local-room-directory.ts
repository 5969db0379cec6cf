import { randomBytes } from 'node:crypto';
import {
  ANY_ROOM,
  ErrorCode,
  fail,
  findSnapshotStrategy,
  NETWORK_PROFILES,
  type NetworkConditions,
  ok,
  type Result,
} from '@arena/protocol';
import { serverBots } from '../bots/server-bots';
import type { LoopClock } from '../loop/fixed-tick-loop';
import { Room } from './room';
import type { CreateRoomRequest, RoomCreator, RoomDirectory } from './room-directory';
import type { RoomHooksFactory } from './room-hooks';
import type { RoomObserver, RoomTickReport } from './room-observer';
import { pageOfRooms, type RoomPage, type RoomPageRequest } from './room-page';
import type { Logger, RoomConfig, RoomInfo } from './room-types';
import type { SpectatorRooms, SpectatorRoomsHost } from './spectator-rooms';
import { UnjoinedRooms } from './unjoined-rooms';

export interface RoomDefaults {
  readonly tickRateHz: number;
  readonly snapshotRateHz: number;
  readonly maxPlayersPerRoom: number;
  readonly strategy: string;
  readonly maxRooms: number;
  readonly inputQueueMax: number;
  /** Input catch-up a player may bank, ms (input-queue.ts); 0 = one input per tick at most. @default INPUT_CREDIT_MS */
  readonly inputCreditMs?: number;
  readonly roomIdleTimeoutMs: number;
  /** How long a room nobody has joined waits for a first player, ms (exempt creators: roomIdleTimeoutMs). @default roomIdleTimeoutMs */
  readonly roomUnjoinedMs?: number;
  /** Rooms nobody has joined that one creator address may hold; 0 = no limit. @default 0 */
  readonly maxEmptyRoomsPerIp?: number;
  /** How long a dropped player's seat waits for a rejoin (0: freed at once). */
  readonly reconnectGraceMs?: number;
  /** A player whose acknowledged snapshot stops advancing this long is dropped (0: never). */
  readonly ackTimeoutMs?: number;
  /** Rewind cap of rooms with lag compensation, ms. */
  readonly maxRewindMs: number;
  /** Fighters server bots fill an arena room up to while a human plays, for rooms created without a number; 0 = no bots. @default 0 */
  readonly minFighters?: number;
}

export interface LocalRoomDirectoryOptions<Replays extends SpectatorRooms = SpectatorRooms> {
  readonly defaults: RoomDefaults;
  readonly logger: Logger;
  /** Clock for room loops (tests). */
  readonly clock?: LoopClock;
  /** Called when a room is created, closes, or a seat changes hands. */
  readonly onChange?: () => void;
  readonly observer?: RoomObserver;
  /**
   * Opens the recording of a room created with `record` (replay/open-recording-file.ts, registered
   * at the composition root); without it such a room is refused with BAD_OPTION.
   */
  readonly openRecording?: RoomHooksFactory;
  /** Builds the replay rooms this directory hosts (registered at the composition root); none without it. */
  readonly spectatorRooms?: (host: SpectatorRoomsHost) => Replays;
}

/** Rooms of this process, in memory, and the replay rooms it hosts. */
export class LocalRoomDirectory<Replays extends SpectatorRooms = SpectatorRooms> implements RoomDirectory {
  readonly replays: Replays | undefined;
  private readonly rooms = new Map<string, Room>();
  private readonly unjoined = new UnjoinedRooms();
  private readonly defaults: RoomDefaults;
  private readonly logger: Logger;
  private readonly onChange: () => void;

  constructor(private readonly options: LocalRoomDirectoryOptions<Replays>) {
    this.defaults = options.defaults;
    this.logger = options.logger;
    this.onChange = options.onChange ?? (() => {});
    this.replays = options.spectatorRooms?.({
      hasRoomFor: () => this.size < this.defaults.maxRooms,
      isIdTaken: (id) => this.rooms.has(id),
      changed: () => this.onChange(),
    });
  }

  /** Live and replay rooms (maxRooms counts both). */
  get size(): number {
    return this.rooms.size + (this.replays?.size ?? 0);
  }

  list(): RoomInfo[] {
    return [...[...this.rooms.values()].map((room) => room.info()), ...(this.replays?.list() ?? [])];
  }

  /** One page, in id order: only the rooms on it are described. */
  listPage(request: RoomPageRequest): RoomPage<RoomInfo> {
    const live = request.kind === 'replay' ? [] : this.rooms.values();
    const replays = request.kind === 'live' ? [] : (this.replays?.list() ?? []);
    const page = pageOfRooms<Room | RoomInfo>([...live, ...replays], request);
    return { ...page, rooms: page.rooms.map((room) => (room instanceof Room ? room.info() : room)) };
  }

  /** Each live room's tick count and recent tick durations (for metrics). */
  tickReports(): RoomTickReport[] {
    return [...this.rooms.values()].map((room) => ({
      id: room.id,
      ticks: room.loopStats.ticks,
      tickDurationMs: (q: number) => room.stats.tickDurationPercentile(q),
    }));
  }

  get(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  /** Rooms nobody has joined yet that `address` created and still holds. */
  unjoinedRoomsOf(address: string): number {
    return this.unjoined.heldBy(address);
  }

  create(request: CreateRoomRequest, creator?: RoomCreator): Result<Room> {
    if (this.size >= this.defaults.maxRooms) {
      return fail(ErrorCode.TOO_MANY_ROOMS, `this server already runs ${this.defaults.maxRooms} rooms`);
    }
    const isLimited = creator !== undefined && !creator.isExempt;
    if (isLimited && request.mode === 'bench') {
      return fail(
        ErrorCode.UNAUTHORIZED,
        'bench rooms are for load tests: create them from a trusted address or with the admin token',
      );
    }
    const maxEmpty = this.defaults.maxEmptyRoomsPerIp ?? 0;
    if (isLimited && maxEmpty > 0 && this.unjoined.heldBy(creator.address) >= maxEmpty) {
      return fail(
        ErrorCode.RATE_LIMITED,
        `your address already holds ${maxEmpty} rooms nobody has joined: join one, or retry once they close`,
      );
    }
    const id = request.id ?? this.freshId();
    if (this.rooms.has(id) || this.replays?.get(id) !== undefined) {
      return fail(ErrorCode.BAD_OPTION, `room ${id} already exists`);
    }
    if (request.record === true && this.options.openRecording === undefined) {
      return fail(ErrorCode.BAD_OPTION, 'this server does not record matches');
    }
    const strategy = request.strategy ?? this.defaults.strategy;
    if (findSnapshotStrategy(strategy) === undefined) {
      return fail(ErrorCode.BAD_OPTION, `unknown snapshot strategy "${strategy}"`);
    }
    const tickRateHz = request.tickRateHz ?? this.defaults.tickRateHz;
    const snapshotRateHz = Math.min(request.snapshotRateHz ?? this.defaults.snapshotRateHz, tickRateHz);
    const network = resolveNetwork(request.network);
    const maxPlayers = request.maxPlayers ?? this.defaults.maxPlayersPerRoom;
    const minFighters = this.minFightersFor(request, maxPlayers);
    if (!minFighters.ok) return minFighters;
    const config: RoomConfig = {
      id,
      mode: request.mode ?? 'arena',
      tickRateHz,
      snapshotRateHz,
      maxPlayers,
      minFighters: minFighters.value,
      seed: request.seed ?? randomBytes(4).readUInt32LE(0),
      strategy,
      maxRewindMs:
        (request.lagCompensation ?? true) && request.mode !== 'bench' ? this.defaults.maxRewindMs : 0,
      isRecorded: request.record ?? false,
      ...(network === undefined ? {} : { network }),
    };
    const hooks = config.isRecorded ? this.options.openRecording?.(config) : undefined;
    const room = new Room({
      config,
      ...(hooks === undefined ? {} : { hooks }),
      ...(minFighters.value > 0
        ? { bots: serverBots({ minFighters: minFighters.value, seed: config.seed }) }
        : {}),
      inputQueueMax: this.defaults.inputQueueMax,
      ...(this.defaults.inputCreditMs === undefined ? {} : { inputCreditMs: this.defaults.inputCreditMs }),
      idleTimeoutMs: this.defaults.roomIdleTimeoutMs,
      // Only a room asked for over HTTP by an address that is not exempt can be a squat; one made
      // in process (an "any" join, which takes its seat at once; an embedder) waits like any other.
      ...(isLimited && this.defaults.roomUnjoinedMs !== undefined
        ? { unjoinedTimeoutMs: this.defaults.roomUnjoinedMs }
        : {}),
      reconnectGraceMs: this.defaults.reconnectGraceMs ?? 0,
      ackTimeoutMs: this.defaults.ackTimeoutMs ?? 0,
      logger: this.logger,
      ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
      ...(this.options.observer === undefined ? {} : { observer: this.options.observer }),
      onDisposed: (disposed) => {
        if (this.rooms.get(disposed.id) === disposed) {
          this.rooms.delete(disposed.id);
          this.unjoined.release(disposed.id);
        }
        this.logger.info({ roomId: disposed.id }, 'room disposed');
        this.onChange();
      },
      onMembershipChanged: (changed) => {
        if (changed.playerCount > 0) this.unjoined.release(changed.id);
        this.onChange();
      },
    });
    this.rooms.set(id, room);
    if (isLimited) this.unjoined.created(id, creator.address);
    this.onChange();
    this.logger.info({ roomId: id, ...config, creator: creator?.address }, 'room created');
    return ok(room);
  }

  resolveForJoin(roomId: string): Result<Room> {
    if (roomId !== ANY_ROOM) {
      const room = this.rooms.get(roomId);
      return room === undefined ? fail(ErrorCode.ROOM_NOT_FOUND, `no room "${roomId}"`) : ok(room);
    }
    // The room with the most players actually connected: seats held for a rejoin may never be
    // taken back, so a room of ghosts is no game to send a newcomer to. Ties go to the fuller room.
    let best: Room | undefined;
    for (const room of this.rooms.values()) {
      if (room.config.mode !== 'arena' || room.isFull || room.isClosed) continue;
      if (
        best === undefined ||
        room.livePlayerCount > best.livePlayerCount ||
        (room.livePlayerCount === best.livePlayerCount && room.playerCount > best.playerCount)
      ) {
        best = room;
      }
    }
    return best === undefined ? this.create({}) : ok(best);
  }

  closeAll(code: ErrorCode, message: string): void {
    for (const room of [...this.rooms.values()]) room.close(code, message);
    this.replays?.closeAll(code, message);
  }

  /**
   * The room's bot fill: the request's (at most its seats; bench rooms never have bots, so a bench
   * room asked for with bots is refused), else the server default, capped by the seats.
   */
  private minFightersFor(request: CreateRoomRequest, maxPlayers: number): Result<number> {
    const asked = request.minFighters;
    if (asked === undefined) {
      return ok(request.mode === 'bench' ? 0 : Math.min(this.defaults.minFighters ?? 0, maxPlayers));
    }
    if (!Number.isInteger(asked) || asked < 0 || asked > maxPlayers) {
      return fail(
        ErrorCode.BAD_OPTION,
        `minFighters must be an integer in 0..maxPlayers (${maxPlayers}), got ${asked}`,
      );
    }
    if (request.mode === 'bench' && asked > 0) {
      return fail(ErrorCode.BAD_OPTION, 'bench rooms never have bots: leave minFighters out, or set it to 0');
    }
    return ok(asked);
  }

  private freshId(): string {
    for (;;) {
      const id = randomBytes(6)
        .toString('base64url')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 6);
      if (id.length === 6 && !this.rooms.has(id) && this.replays?.get(id) === undefined) return id;
    }
  }
}

/** A room's simulated network from the request: a profile, custom conditions, or none. */
function resolveNetwork(requested: CreateRoomRequest['network']): NetworkConditions | undefined {
  if (requested === undefined || requested === 'none') return undefined;
  return typeof requested === 'string' ? NETWORK_PROFILES[requested] : requested;
}
