import { expect, test } from 'vitest';
import { hashWorld } from '../sim/state-hash';
import { recordScriptedMatch } from '../testing/scripted-match';
import { readRecording } from './recording-format';
import { ReplayCursor } from './replay-cursor';
import { WorldCloner } from './world-cloner';

const recording = readRecording(recordScriptedMatch());
const recordedHash = (position: number) => recording.entries[position - 1]!.hash;
const shortHash = (cursor: ReplayCursor) => hashWorld(cursor.world).slice(0, 16);

test('stepping through a recording verifies the recorded state hash of every tick', () => {
  const cursor = new ReplayCursor(recording);
  let verified = 0;
  for (let replayed = cursor.step(); replayed !== undefined; replayed = cursor.step()) {
    if (replayed.isVerified) verified++;
  }
  expect(verified).toBe(1200);
  expect(cursor.isAtEnd).toBe(true);
});

test('seek lands on the requested tick with the recorded state, backwards and forwards', () => {
  const cursor = new ReplayCursor(recording, 100);
  for (const target of [900, 150, 1200, 0, 699, 700, 701, 333, 1]) {
    cursor.seek(target);
    expect(cursor.position).toBe(target);
    expect(cursor.world.tick).toBe(target);
    if (target > 0) expect(shortHash(cursor)).toBe(recordedHash(target));
  }
});

test('after a seek the replay continues deterministically: every following tick matches', () => {
  const cursor = new ReplayCursor(recording, 64);
  cursor.seek(1100);
  cursor.seek(650); // back across the leave at tick 700 and the respawns before it
  for (let i = 0; i < 200; i++) expect(cursor.step()?.isVerified).toBe(true);
  expect(cursor.position).toBe(850);
});

test('a backward seek re-simulates at most one checkpoint interval', () => {
  const cursor = new ReplayCursor(recording, 100);
  cursor.seek(1200);
  const before = cursor.simulatedTicks;
  cursor.seek(1050);
  expect(cursor.simulatedTicks - before).toBe(50); // from the checkpoint at 1000
  cursor.seek(30);
  expect(cursor.simulatedTicks - before).toBe(80);
  expect(cursor.hasCheckpoints).toBe(true);
});

test('prepared ahead of playback, a seek far forward re-simulates at most one interval', () => {
  const cursor = new ReplayCursor(recording, 100);
  while (cursor.prepare(250));
  const prepared = cursor.simulatedTicks;
  expect(prepared).toBe(1200);
  cursor.seek(1150);
  expect(cursor.simulatedTicks - prepared).toBe(50);
  expect(shortHash(cursor)).toBe(recordedHash(1150));
  for (let i = 0; i < 50; i++) expect(cursor.step()?.isVerified).toBe(true);
});

test('a seek beyond the end clamps to the last tick', () => {
  const cursor = new ReplayCursor(recording);
  cursor.seek(5000);
  expect(cursor.position).toBe(1200);
  expect(cursor.step()).toBeUndefined();
});

test('a restored checkpoint reproduces the state it captured, random draws included', () => {
  const cloner = new WorldCloner({ mode: 'arena', tickRateHz: 60, seed: 99, maxRewindMs: 250 });
  const world = cloner.create();
  world.addPlayer(1, 'ann');
  world.addPlayer(2, 'ben');
  world.step(new Map());
  const checkpoint = cloner.capture(world)!;
  const restored = cloner.restore(checkpoint)!;
  // both take the next spawn point from their random source: the same one
  expect(restored.addPlayer(3, 'cat')).toEqual(world.addPlayer(3, 'cat'));
  expect(hashWorld(restored)).toBe(hashWorld(world));
  expect(cloner.isBroken).toBe(false);
});
