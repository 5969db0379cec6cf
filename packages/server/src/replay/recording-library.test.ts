import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { ErrorCode } from '@arena/protocol';
import { expect, test } from 'vitest';
import { recordScriptedMatch } from '../testing/scripted-match';
import { encodeRecordingPart, readRecording } from './recording-format';
import { RecordingLibrary } from './recording-library';

function libraryWithFiles(files: Record<string, Uint8Array | string>): RecordingLibrary {
  const dir = mkdtempSync(join(tmpdir(), 'arena-recordings-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return new RecordingLibrary(dir);
}

/** What a room still recording has on disk: a gzip stream flushed but not finished, cut mid-entry. */
function unfinishedRecording(entries: number): Buffer {
  const recording = readRecording(recordScriptedMatch());
  const parts = [recording.header, ...recording.entries.slice(0, entries + 1)].map(encodeRecordingPart);
  const bytes = Buffer.concat(parts);
  const cut = bytes.subarray(0, bytes.length - Math.floor(parts.at(-1)!.length / 2));
  return gzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH });
}

test('lists readable recordings with their room, mode, ticks and size', () => {
  const match = recordScriptedMatch();
  const library = libraryWithFiles({ 'r-2026.arena': match, 'notes.txt': 'hello', 'junk.arena': 'junk' });
  expect(library.list()).toEqual([
    {
      name: 'r-2026.arena',
      roomId: 'r',
      mode: 'arena',
      tickRateHz: 60,
      ticks: 1200,
      durationS: 20,
      sizeBytes: match.length,
      startedAt: '2026-11-25T00:00:00.000Z',
      isComplete: true,
    },
  ]);
});

test('a recording still being written is listed and opened as far as it was flushed', () => {
  const library = libraryWithFiles({ 'live.arena': unfinishedRecording(300) });
  expect(library.list()[0]).toMatchObject({ name: 'live.arena', ticks: 300, isComplete: false });
  const opened = library.open('live.arena');
  expect(opened.ok && opened.value.recording.entries.length).toBe(300);
});

test('names with a directory part or not ending in .arena are refused before the disk is asked', () => {
  const library = libraryWithFiles({});
  for (const name of [
    '../secret.arena',
    'a/b.arena',
    '..arena',
    '.hidden.arena',
    'x.txt',
    '',
    'a\\b.arena',
  ]) {
    const opened = library.open(name);
    expect(opened.ok ? undefined : opened.error.code, name).toBe(ErrorCode.BAD_OPTION);
  }
});

test('a missing recording is RECORDING_NOT_FOUND, an unreadable one BAD_RECORDING, a directory is not a file', () => {
  const library = libraryWithFiles({ 'junk.arena': 'not gzip' });
  mkdirSync(join(library.dir, 'dir.arena'));
  const codeOf = (name: string) => {
    const opened = library.open(name);
    return opened.ok ? undefined : opened.error.code;
  };
  expect(codeOf('missing.arena')).toBe(ErrorCode.RECORDING_NOT_FOUND);
  expect(codeOf('dir.arena')).toBe(ErrorCode.RECORDING_NOT_FOUND);
  expect(codeOf('junk.arena')).toBe(ErrorCode.BAD_RECORDING);
});

test('a library whose directory does not exist yet lists nothing', () => {
  expect(new RecordingLibrary(join(tmpdir(), 'arena-no-such-dir-x1')).list()).toEqual([]);
});
