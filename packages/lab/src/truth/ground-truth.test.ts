import { gunzipSync, gzipSync } from 'node:zlib';
import { hashWorld, SIM_RULES_VERSION, World } from '@arena/server';
import { Packr } from 'msgpackr';
import { describe, expect, test } from 'vitest';
import { GroundTruth } from './ground-truth';
import type { LabRecordedInput } from './recording-file';
import { readLabRecording } from './recording-file';

const packr = new Packr({ useRecords: false, moreTypes: false });
const HEADER = {
  format: 'arena-recording',
  version: 1,
  protocolVersion: 1,
  simRulesVersion: SIM_RULES_VERSION,
  roomId: 'lab',
  mode: 'bench' as const,
  tickRateHz: 60,
  snapshotRateHz: 30,
  seed: 42,
  maxRewindMs: 0,
  startedAt: '2026-11-26T00:00:00.000Z',
};

/** A recording as the server writes one: two players join, player 1 walks right, player 2 idles then walks down. */
function recordMatch(ticks: number): { file: Buffer; positions: Map<number, { x: number; y: number }[]> } {
  const world = new World({ mode: 'bench', tickRateHz: 60, seed: 42, maxRewindMs: 0 });
  const parts = [packr.pack(HEADER)];
  const positions = new Map<number, { x: number; y: number }[]>([
    [1, []],
    [2, []],
  ]);
  for (let tick = 1; tick <= ticks; tick++) {
    const changes: unknown[] = [];
    if (tick === 1) {
      changes.push(['join', 1, 'one'], ['join', 2, 'two']);
      world.addPlayer(1, 'one');
      world.addPlayer(2, 'two');
    }
    const right: LabRecordedInput = [127, 0, 0, 0, 0];
    const down: LabRecordedInput = [0, 127, 0, 0, 0];
    const inputs: [number, LabRecordedInput[]][] = [[1, [right]]];
    if (tick > 5) inputs.push([2, tick % 3 === 0 ? [down, down] : tick % 3 === 1 ? [] : [down]]);
    world.step(
      new Map(
        inputs.map(([id, list]) => [
          id,
          list.map(([mx, my]) => ({ moveX: mx / 127, moveY: my / 127, aim: 0, fire: false })),
        ]),
      ),
    );
    for (const [id, list] of positions) {
      const player = world.getPlayer(id)!;
      list.push({ x: player.x, y: player.y });
    }
    parts.push(packr.pack({ tick, changes, inputs, hash: hashWorld(world).slice(0, 16) }));
  }
  return { file: gzipSync(Buffer.concat(parts)), positions };
}

describe('GroundTruth', () => {
  test("re-simulating a recording gives every player's position at every tick, every hash matching", () => {
    const { file, positions } = recordMatch(30);
    const truth = GroundTruth.fromRecording(readLabRecording(file)!);
    expect(truth.divergedAtTick).toBeNull();
    expect([truth.firstTick, truth.lastTick]).toEqual([1, 30]);
    for (const [id, list] of positions) {
      list.forEach((at, i) => {
        expect(truth.at(id, i + 1)).toEqual(at);
      });
    }
    expect(truth.at(1, 0)).toBeUndefined();
    expect(truth.at(3, 10)).toBeUndefined();
  });

  test('it counts the inputs the server applied to each player in each tick', () => {
    const truth = GroundTruth.fromRecording(readLabRecording(recordMatch(12).file)!);
    expect(truth.inputsAppliedAt(1, 7)).toBe(1);
    expect(truth.inputsAppliedAt(2, 3)).toBe(0);
    expect([9, 10, 11].map((tick) => truth.inputsAppliedAt(2, tick))).toEqual([2, 0, 1]);
    expect(truth.inputsAppliedAt(5, 7)).toBeUndefined();
  });

  test('a recording whose hash does not match the re-simulation names the first tick that differs', () => {
    const raw = packr.unpackMultiple(gunzipSync(recordMatch(10).file)) as Record<string, unknown>[];
    raw[4] = { ...raw[4], hash: '0000000000000000' };
    const tampered = gzipSync(Buffer.concat(raw.map((part) => packr.pack(part))));
    expect(GroundTruth.fromRecording(readLabRecording(tampered)!).divergedAtTick).toBe(4);
  });

  test('an unfinished gzip stream reads as not ready yet; other bytes are refused', () => {
    const { file } = recordMatch(10);
    expect(readLabRecording(file.subarray(0, file.length - 10))).toBeUndefined();
    expect(() => readLabRecording(gzipSync(Buffer.from(packr.pack({ hello: 1 }))))).toThrow(
      /not an Arena recording/,
    );
  });
});
