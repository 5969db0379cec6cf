import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { recordScriptedMatch } from '../testing/scripted-match';
import { compressRecording, encodeRecordingPart, readRecording } from './recording-format';
import { runReplayCommand } from './replay-command';

let output: string[];
beforeEach(() => {
  output = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => output.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => output.push(line));
});
afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), 'arena-replay-'));

test('arena replay FILE verifies every tick and exits 0', () => {
  const file = join(dir, 'match.arena');
  writeFileSync(file, recordScriptedMatch());
  expect(runReplayCommand([file])).toBe(0);
  expect(output.join('\n')).toMatch(/1200 ticks = 20\.0 s of play/);
  expect(output.join('\n')).toMatch(/OK: every tick's state hash matches/);
});

test('a recording whose hashes do not match exits 1 and names the first tick', () => {
  const recording = readRecording(recordScriptedMatch());
  const parts = [encodeRecordingPart(recording.header)];
  for (const entry of recording.entries)
    parts.push(encodeRecordingPart(entry.tick === 42 ? { ...entry, hash: '0000000000000000' } : entry));
  const file = join(dir, 'tampered.arena');
  writeFileSync(file, compressRecording(parts));
  expect(runReplayCommand([file])).toBe(1);
  expect(output.join('\n')).toMatch(/MISMATCH on 1 ticks; first at tick 42/);
});

test('an unreadable file exits 2 with the reason', () => {
  expect(runReplayCommand([join(dir, 'missing.arena')])).toBe(2);
  expect(output.join('\n')).toMatch(/ENOENT/);
});
