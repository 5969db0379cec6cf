import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import type { Logger, RoomConfig } from '../rooms/room-types';
import { MatchRecorder } from './match-recorder';
import { newHeader } from './recording-format';

/** Where recorded matches go. */
export interface RecordingFiles {
  readonly recordingsDir: string;
  readonly logger: Logger;
}

/**
 * Streams a room's match to recordingsDir/<room>-<time>.arena as it is played (gzip). The stream
 * is flushed after the header and then once a second of ticks: gzip otherwise holds tens of
 * seconds of a small match in its buffer, and until something reaches the file GET
 * /api/recordings cannot list it as "recording…". A sync flush costs a few bytes each.
 */
export function openRecordingFile(config: RoomConfig, files: RecordingFiles): MatchRecorder {
  mkdirSync(files.recordingsDir, { recursive: true });
  const startedAt = new Date().toISOString();
  const file = join(files.recordingsDir, `${config.id}-${startedAt.replace(/[:.]/g, '-')}.arena`);
  const gzip = createGzip();
  gzip.pipe(createWriteStream(file));
  files.logger.info({ roomId: config.id, file }, 'recording the match');
  const { id: roomId, mode, tickRateHz, snapshotRateHz, seed, maxRewindMs } = config;
  let unflushedParts = 0;
  const recorder = new MatchRecorder(
    newHeader({ roomId, mode, tickRateHz, snapshotRateHz, seed, maxRewindMs, startedAt }),
    (part) => {
      gzip.write(part);
      if (++unflushedParts >= tickRateHz) {
        unflushedParts = 0;
        gzip.flush();
      }
    },
    () => {
      files.logger.info({ roomId, file }, 'recording finished');
      gzip.end();
    },
  );
  gzip.flush();
  return recorder;
}
