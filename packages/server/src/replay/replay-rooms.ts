import { randomBytes } from 'node:crypto';
import { ErrorCode, fail, ok, type Result } from '@arena/protocol';
import type { LoopClock } from '../loop/fixed-tick-loop';
import type { Logger } from '../rooms/room-types';
import type { SpectatorRooms, SpectatorRoomsHost } from '../rooms/spectator-rooms';
import { RecordingLibrary } from './recording-library';
import { ReplayRoom, type ReplayRoomInfo } from './replay-room';

/** What POST /api/replays asks for. */
export interface CreateReplayRequest {
  /** A file name from GET /api/recordings. */
  readonly recording: string;
  /** Start paused at tick 0. @default false */
  readonly paused?: boolean;
}

export interface ReplayRoomsOptions {
  readonly recordingsDir: string;
  readonly strategy: string;
  readonly maxSpectators: number;
  readonly idleTimeoutMs: number;
  readonly logger: Logger;
  readonly clock?: LoopClock;
  /** The room directory these rooms are listed in: its room limit, its live rooms' ids, its change signal. */
  readonly host: SpectatorRoomsHost;
}

/** The replay rooms of this process, and the recordings they are made from. */
export class ReplayRooms implements SpectatorRooms {
  readonly library: RecordingLibrary;
  private readonly rooms = new Map<string, ReplayRoom>();

  constructor(private readonly options: ReplayRoomsOptions) {
    this.library = new RecordingLibrary(options.recordingsDir);
  }

  get size(): number {
    return this.rooms.size;
  }

  get(id: string): ReplayRoom | undefined {
    return this.rooms.get(id);
  }

  list(): ReplayRoomInfo[] {
    return [...this.rooms.values()].map((room) => room.info());
  }

  /**
   * Opens a replay room for a recording (see RecordingLibrary.open for its refusals), or
   * TOO_MANY_ROOMS when the process is at its room limit.
   */
  create(request: CreateReplayRequest): Result<ReplayRoom> {
    if (!this.options.host.hasRoomFor()) {
      return fail(ErrorCode.TOO_MANY_ROOMS, 'this server already runs as many rooms as it may');
    }
    const opened = this.library.open(request.recording);
    if (!opened.ok) return opened;
    const id = this.freshId();
    const room = new ReplayRoom({
      id,
      recordingName: request.recording,
      recording: opened.value.recording,
      strategy: this.options.strategy,
      maxSpectators: this.options.maxSpectators,
      idleTimeoutMs: this.options.idleTimeoutMs,
      isPaused: request.paused ?? false,
      logger: this.options.logger,
      ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
      onDisposed: (disposed) => {
        if (this.rooms.get(disposed.id) === disposed) this.rooms.delete(disposed.id);
        this.options.logger.info({ roomId: disposed.id }, 'replay room disposed');
        this.options.host.changed();
      },
      onChanged: () => this.options.host.changed(),
    });
    this.rooms.set(id, room);
    this.options.logger.info(
      { roomId: id, recording: request.recording, ticks: opened.value.info.ticks },
      'replay room created',
    );
    this.options.host.changed();
    return ok(room);
  }

  closeAll(code: ErrorCode, message: string): void {
    for (const room of [...this.rooms.values()]) room.close(code, message);
  }

  private freshId(): string {
    for (;;) {
      const suffix = randomBytes(6)
        .toString('base64url')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 6);
      const id = `replay-${suffix}`;
      if (suffix.length === 6 && !this.rooms.has(id) && !this.options.host.isIdTaken(id)) return id;
    }
  }
}
