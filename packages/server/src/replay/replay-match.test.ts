import { expect, test } from 'vitest';
import { recordScriptedMatch } from '../testing/scripted-match';
import { readRecording } from './recording-format';
import { replayRecording } from './replay-match';

test('replaying a recording reproduces the recorded state hash on every tick', () => {
  const file = recordScriptedMatch();
  const result = replayRecording(readRecording(file));
  expect(result.ticks).toBe(1200);
  expect(result.mismatches).toEqual([]);
  expect(file.length).toBeLessThan(60_000); // 20 s of 3 players: compact
});

test('a tampered input shows up as a mismatch from its tick on', () => {
  const recording = readRecording(recordScriptedMatch());
  const entries = recording.entries.map((entry) =>
    entry.tick === 500
      ? {
          ...entry,
          inputs: entry.inputs.map(([id, list]) => [id, list.map(([, ...rest]) => [-127, ...rest])] as const),
        }
      : entry,
  );
  const result = replayRecording({ header: recording.header, entries } as typeof recording);
  expect(result.mismatches[0]?.tick).toBe(500);
});

test('a file that is not a recording is refused with a reason', () => {
  expect(() => readRecording(new Uint8Array([1, 2, 3]))).toThrow(/not an Arena recording/);
});
