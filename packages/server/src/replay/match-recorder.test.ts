import { describe, expect, test } from 'vitest';
import { MatchRecorder } from './match-recorder';
import { compressRecording, newHeader, type RecordingEntry, readRecording } from './recording-format';

const header = newHeader({
  roomId: 'r',
  mode: 'arena',
  tickRateHz: 30,
  snapshotRateHz: 30,
  seed: 1,
  maxRewindMs: 0,
  startedAt: '2026-12-07T00:00:00.000Z',
});
const world = { stateHash: () => '0123456789abcdef0123' };

/** A recorder writing into memory, and what it wrote so far. */
function recorder(): {
  recorder: MatchRecorder;
  entries: () => readonly RecordingEntry[];
  closes: () => number;
} {
  const parts: Uint8Array[] = [];
  let closes = 0;
  const match = new MatchRecorder(
    header,
    (part) => parts.push(part),
    () => closes++,
  );
  return {
    recorder: match,
    entries: () => readRecording(compressRecording(parts)).entries,
    closes: () => closes,
  };
}

describe('MatchRecorder', () => {
  test('the tick that applies the last leave is the last one written, and the file is finished then', () => {
    const { recorder: match, entries, closes } = recorder();
    match.playerJoined(1, 'ann');
    match.ticked(1, new Map(), world);
    match.playerJoined(2, 'ben');
    match.ticked(2, new Map(), world);
    match.playerLeft(1);
    match.ticked(3, new Map(), world);
    expect(match.isRecording).toBe(true);
    match.playerLeft(2);
    match.ticked(4, new Map(), world);
    expect(match.isRecording).toBe(false);
    expect(closes()).toBe(1);
    // the empty room's idle wait adds nothing
    match.ticked(5, new Map(), world);
    match.playerJoined(3, 'cat');
    match.ticked(6, new Map(), world);
    match.closed();
    expect(closes()).toBe(1);
    expect(entries().map((entry) => entry.tick)).toEqual([1, 2, 3, 4]);
    expect(entries()[3]!.changes).toEqual([['leave', 2]]);
  });

  test('a room nobody has joined yet is recorded until it closes', () => {
    const { recorder: match, entries, closes } = recorder();
    match.ticked(1, new Map(), world);
    match.ticked(2, new Map(), world);
    expect(match.isRecording).toBe(true);
    match.closed();
    expect(closes()).toBe(1);
    expect(entries()).toHaveLength(2);
  });

  test('a leave and a join before the same tick keep the match going', () => {
    const { recorder: match, entries } = recorder();
    match.playerJoined(1, 'ann');
    match.ticked(1, new Map(), world);
    match.playerLeft(1);
    match.playerJoined(2, 'ben');
    match.ticked(2, new Map(), world);
    match.ticked(3, new Map(), world);
    expect(match.isRecording).toBe(true);
    expect(entries()).toHaveLength(3);
  });
});
