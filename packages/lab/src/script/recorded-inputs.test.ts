import { quantizeAngle } from '@arena/protocol';
import { expect, test } from 'vitest';
import type { LabRecording } from '../truth/recording-file';
import { RecordedInputs, replayedMatch } from './recorded-inputs';

const recording: LabRecording = {
  header: {
    format: 'arena-recording',
    version: 1,
    roomId: 'duel',
    mode: 'arena',
    tickRateHz: 30,
    snapshotRateHz: 15,
    seed: 99,
    maxRewindMs: 250,
    protocolVersion: 1,
    startedAt: '2026-11-26T00:00:00.000Z',
  },
  entries: [
    { tick: 1, changes: [['join', 4, 'ann']], inputs: [[4, [[127, 0, 0, 0, 0]]]], hash: '' },
    {
      tick: 2,
      changes: [['join', 7, 'bob']],
      inputs: [[4, [[0, -127, quantizeAngle(Math.PI / 2), 1, 1]]]],
      hash: '',
    },
    {
      tick: 3,
      changes: [['leave', 4]],
      inputs: [
        [
          7,
          [
            [-127, 0, 0, 0, 0],
            [0, 127, 0, 0, 0],
          ],
        ],
      ],
      hash: '',
    },
  ],
};

test("a recording's players, in join order, with their applied inputs dequantised", () => {
  const match = replayedMatch('duel.arena', recording);
  expect(match).toMatchObject({ file: 'duel.arena', mode: 'arena', seed: 99, tickRateHz: 30, ticks: 3 });
  expect(match.players.map((p) => [p.id, p.name, p.inputs.length])).toEqual([
    [4, 'ann', 2],
    [7, 'bob', 2],
  ]);
  expect(match.players[0]!.inputs[1]).toEqual({ moveX: 0, moveY: -1, aim: Math.PI / 2, fire: true });
  expect(match.players[1]!.inputs.map((i) => [i.moveX, i.moveY])).toEqual([
    [-1, 0],
    [0, 1],
  ]);
});

test('a probe replays a recorded player input by input, then stands still facing where it last aimed', () => {
  const inputs = new RecordedInputs(replayedMatch('duel.arena', recording).players[0]!.inputs);
  expect(inputs.at(1)).toEqual({ moveX: 1, moveY: 0, aim: 0, fire: false });
  expect(inputs.at(3)).toEqual({ moveX: 0, moveY: 0, aim: Math.PI / 2, fire: false });
});
