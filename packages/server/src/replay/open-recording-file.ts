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

/** Streams a room's match to recordingsDir/<room>-<time>.arena as it is played (gzip). */
export function openRecordingFile(config: RoomConfig, files: RecordingFiles): MatchRecorder {
  mkdirSync(files.recordingsDir, { recursive: true });
  const startedAt = new Date().toISOString();
  const file = join(files.recordingsDir, `${config.id}-${startedAt.replace(/[:.]/g, '-')}.arena`);
  const gzip = createGzip();
  gzip.pipe(createWriteStream(file));
  files.logger.info({ roomId: config.id, file }, 'recording the match');
  const { id: roomId, mode, tickRateHz, snapshotRateHz, seed, maxRewindMs } = config;
  return new MatchRecorder(
    newHeader({ roomId, mode, tickRateHz, snapshotRateHz, seed, maxRewindMs, startedAt }),
    (part) => gzip.write(part),
    () => gzip.end(),
  );
}
