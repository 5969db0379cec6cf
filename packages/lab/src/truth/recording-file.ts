import { gunzipSync } from 'node:zlib';
import { type Recording, readRecording } from '@arena/server';

/** A match recording as the server writes it (docs/netcode.md, "Record and replay"). */
export type LabRecording = Recording;
export type { RecordedInput as LabRecordedInput } from '@arena/server';

/**
 * Reads a finished recording's bytes with the server's own reader; undefined while its gzip
 * stream is not finished (the room is still open, or the file is still being flushed). Throws
 * for a file that is not a recording.
 */
export function readLabRecording(file: Uint8Array): LabRecording | undefined {
  try {
    gunzipSync(file);
  } catch {
    return undefined;
  }
  return readRecording(file);
}
