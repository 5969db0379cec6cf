import type { ServerOptions } from '../config/options';
import type { LoopClock } from '../loop/fixed-tick-loop';
import type { LocalRoomDirectoryOptions } from '../rooms/local-room-directory';
import type { Logger } from '../rooms/room-types';
import { openRecordingFile } from './open-recording-file';
import { ReplayRooms } from './replay-rooms';

export interface RecordingsAndReplaysSettings {
  readonly options: Pick<
    ServerOptions,
    'recordingsDir' | 'strategy' | 'maxPlayersPerRoom' | 'roomIdleTimeoutMs'
  >;
  readonly logger: Logger;
  readonly clock?: LoopClock;
}

/**
 * Recorded matches and the replay rooms that play them back, as a room directory takes them:
 * rooms created with `record` write to `recordingsDir`, and the directory hosts replay rooms of
 * the files there (their HTTP API: replay-routes.ts).
 */
export function recordingsAndReplays(
  settings: RecordingsAndReplaysSettings,
): Required<Pick<LocalRoomDirectoryOptions<ReplayRooms>, 'openRecording' | 'spectatorRooms'>> {
  const { options, logger, clock } = settings;
  return {
    openRecording: (config) => openRecordingFile(config, { recordingsDir: options.recordingsDir, logger }),
    spectatorRooms: (host) =>
      new ReplayRooms({
        recordingsDir: options.recordingsDir,
        strategy: options.strategy,
        maxSpectators: options.maxPlayersPerRoom,
        idleTimeoutMs: options.roomIdleTimeoutMs,
        logger,
        ...(clock === undefined ? {} : { clock }),
        host,
      }),
  };
}
