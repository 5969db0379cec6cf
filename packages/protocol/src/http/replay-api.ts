import type { RoomMode } from '../wire/messages';

/**
 * The shapes of the replay HTTP API (`GET /api/recordings`, `/api/replays`), shared by the server
 * that answers and the browser client that asks.
 */

/** A match recording as `GET /api/recordings` lists it. */
export interface RecordingInfo {
  readonly name: string;
  readonly roomId: string;
  readonly mode: RoomMode;
  readonly tickRateHz: number;
  /** Ticks recorded (so far, for a recording still being written). */
  readonly ticks: number;
  readonly durationS: number;
  readonly sizeBytes: number;
  readonly startedAt: string;
  /** False while the room is still recording (the gzip stream is unfinished): only a prefix is readable. */
  readonly isComplete: boolean;
}

/** Where a replay stands: what the playback API answers and `GET /api/rooms` lists. */
export interface PlaybackState {
  readonly roomId: string;
  readonly recording: string;
  /** Recorded ticks played (the world's tick). */
  readonly tick: number;
  readonly totalTicks: number;
  /** The recording's tick rate: tick / tickRateHz is the match time. */
  readonly tickRateHz: number;
  readonly paused: boolean;
  readonly speed: number;
  readonly spectators: number;
  /** First tick whose re-simulated state hash differed from the recorded one (null: none so far). */
  readonly divergedAtTick: number | null;
}

/** A change of playback: any subset, applied in the order seek, speed, pause. */
export interface PlaybackChange {
  readonly paused?: boolean;
  readonly speed?: number;
  /** Recorded tick to move to, 0..totalTicks. */
  readonly tick?: number;
}
