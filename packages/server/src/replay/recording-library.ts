import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { ErrorCode, fail, ok, type RecordingInfo, type Result } from '@arena/protocol';
import { Packr } from 'msgpackr';
import {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type Recording,
  type RecordingEntry,
  type RecordingHeader,
  readRecording,
  simRulesProblem,
} from './recording-format';

/**
 * A recording's file name as the API accepts it: a plain name ending in `.arena`, no directory
 * part, no leading dot. Anything else (`../x.arena`, `a/b.arena`, `%2e%2e`) is refused before
 * the file system is asked.
 */
export const RECORDING_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.arena$';
const NAME_REGEX = new RegExp(RECORDING_NAME_PATTERN);
/** At most this many recordings are listed (the newest). */
export const RECORDINGS_LISTED_MAX = 200;

interface CachedRecording {
  readonly mtimeMs: number;
  readonly sizeBytes: number;
  readonly recording: Recording | undefined;
  readonly info: RecordingInfo | undefined;
  readonly problem: string | undefined;
}

const packr = new Packr({ useRecords: false, moreTypes: false });

/**
 * The match recordings in one directory (the server's `recordingsDir`): listed with their
 * header facts, opened by validated name. Files are read whole and kept decoded until they change
 * (a few minutes of play is well under a megabyte). A file still being written is read as far as
 * its gzip stream has been flushed.
 */
export class RecordingLibrary {
  private readonly cache = new Map<string, CachedRecording>();

  constructor(readonly dir: string) {}

  /** True for a name the API accepts (see RECORDING_NAME_PATTERN). */
  static isValidName(name: string): boolean {
    return NAME_REGEX.test(name) && !name.includes('..');
  }

  /** Readable recordings, newest first; unreadable files are left out. */
  list(): RecordingInfo[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((name) => RecordingLibrary.isValidName(name));
    } catch {
      return []; // no recordings directory yet: nothing was recorded
    }
    const infos: RecordingInfo[] = [];
    for (const name of names) {
      const entry = this.load(name);
      if (entry?.info !== undefined) infos.push(entry.info);
    }
    this.forgetMissing(new Set(names));
    return infos.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, RECORDINGS_LISTED_MAX);
  }

  /**
   * The recording called `name`: BAD_OPTION for a name that is not one, RECORDING_NOT_FOUND when
   * there is no such file, BAD_RECORDING when it cannot be replayed.
   */
  open(name: string): Result<{ readonly recording: Recording; readonly info: RecordingInfo }> {
    if (!RecordingLibrary.isValidName(name)) {
      return fail(ErrorCode.BAD_OPTION, `"${name.slice(0, 60)}" is not a recording name (<name>.arena)`);
    }
    const entry = this.load(name);
    if (entry === undefined) return fail(ErrorCode.RECORDING_NOT_FOUND, `no recording "${name}"`);
    if (entry.recording === undefined || entry.info === undefined) {
      return fail(ErrorCode.BAD_RECORDING, `recording "${name}" cannot be replayed: ${entry.problem}`);
    }
    if (entry.recording.entries.length === 0) {
      return fail(ErrorCode.BAD_RECORDING, `recording "${name}" has no ticks yet`);
    }
    return ok({ recording: entry.recording, info: entry.info });
  }

  private load(name: string): CachedRecording | undefined {
    const path = join(this.dir, name);
    let stats: { mtimeMs: number; size: number; isFile(): boolean };
    try {
      stats = statSync(path);
    } catch {
      return undefined;
    }
    if (!stats.isFile()) return undefined;
    const cached = this.cache.get(name);
    if (cached !== undefined && cached.mtimeMs === stats.mtimeMs && cached.sizeBytes === stats.size) {
      return cached;
    }
    const loaded = decode(name, readFileSync(path), stats);
    this.cache.set(name, loaded);
    return loaded;
  }

  private forgetMissing(present: ReadonlySet<string>): void {
    for (const name of this.cache.keys()) if (!present.has(name)) this.cache.delete(name);
  }
}

function decode(name: string, bytes: Buffer, stats: { mtimeMs: number; size: number }): CachedRecording {
  const base = { mtimeMs: stats.mtimeMs, sizeBytes: stats.size };
  let recording: Recording;
  let isComplete = true;
  try {
    recording = readRecording(bytes);
  } catch (error) {
    const partial = readRecordingPrefix(bytes);
    if (partial === undefined) {
      return { ...base, recording: undefined, info: undefined, problem: (error as Error).message };
    }
    recording = partial;
    isComplete = false;
  }
  const { header, entries } = recording;
  const info: RecordingInfo = {
    name,
    roomId: header.roomId,
    mode: header.mode,
    tickRateHz: header.tickRateHz,
    ticks: entries.length,
    durationS: Math.round((entries.length / header.tickRateHz) * 10) / 10,
    sizeBytes: stats.size,
    startedAt: header.startedAt,
    isComplete,
  };
  return { ...base, recording, info, problem: undefined };
}

/**
 * The readable start of a recording whose gzip stream is not finished (its room is still
 * recording): everything flushed so far, up to the last whole entry. Undefined without a header.
 */
function readRecordingPrefix(bytes: Uint8Array): Recording | undefined {
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return undefined;
  }
  const values: unknown[] = [];
  try {
    packr.unpackMultiple(raw, (value) => {
      values.push(value);
    });
  } catch {
    // a value cut off by the end of what was flushed: keep the whole ones before it
  }
  const [header, ...entries] = values as [RecordingHeader | undefined, ...RecordingEntry[]];
  if (header?.format !== RECORDING_FORMAT || header.version !== RECORDING_VERSION) return undefined;
  if (simRulesProblem(header) !== undefined) return undefined;
  return { header, entries };
}

export type { RecordingInfo };
