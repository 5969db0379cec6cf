import { describe, expect, test } from 'vitest';
import { decodeClientMessage, encodeClientMessage } from './codec';
import {
  DATAGRAM_INPUT_REDUNDANCY,
  DATAGRAM_MAX_BYTES,
  fitsDatagram,
  isDatagramClientRecord,
} from './datagram';
import type { InputBatchMessage, InputMessage } from './messages';
import { inputsAfter, inputsOfBatch, RedundantInputs } from './redundant-inputs';

function input(seq: number): InputMessage {
  return {
    type: 'input',
    seq,
    moveX: seq % 2 === 0 ? 1 : -1,
    moveY: 0,
    aim: 0,
    fire: seq % 3 === 0,
    clientTimeMs: seq * 16,
    lastSnapshotTick: seq,
  };
}

/** What the server passes on from the datagrams that arrived, in order. */
function deliver(datagrams: readonly InputBatchMessage[]): number[] {
  const seqs: number[] = [];
  let newest = 0;
  for (const datagram of datagrams) {
    const fresh = inputsAfter(datagram, newest);
    if (fresh === undefined) continue;
    for (let i = 0; i < fresh.inputs.length; i++) seqs.push(fresh.firstSeq + i);
    newest = fresh.firstSeq + fresh.inputs.length - 1;
  }
  return seqs;
}

describe('input redundancy', () => {
  test('each datagram carries the newest input and the ones before it, oldest first', () => {
    const redundant = new RedundantInputs();
    const sent = [1, 2, 3, 4, 5, 6].map((seq) => redundant.push(input(seq)));
    expect(sent.map((batch) => [batch.firstSeq, batch.inputs.length])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    expect(sent[5]!.inputs.map((intent) => intent.fire)).toEqual([true, false, false, true]);
    expect(sent[5]!.lastSnapshotTick).toBe(6);
  });

  test('a lost input is recovered from the next datagram, and nothing is passed on twice', () => {
    const redundant = new RedundantInputs();
    const sent = Array.from({ length: 10 }, (_, i) => redundant.push(input(i + 1)));
    const arrived = sent.filter((_, i) => i !== 4 && i !== 6 && i !== 7);
    expect(deliver(arrived)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test(`only ${DATAGRAM_INPUT_REDUNDANCY - 1} lost datagrams in a row are covered`, () => {
    const redundant = new RedundantInputs();
    const sent = Array.from({ length: 10 }, (_, i) => redundant.push(input(i + 1)));
    const arrived = sent.filter((_, i) => i < 2 || i > 6);
    expect(deliver(arrived)).toEqual([1, 2, 5, 6, 7, 8, 9, 10]);
  });

  test('a late datagram passes on nothing already delivered', () => {
    const redundant = new RedundantInputs();
    const sent = Array.from({ length: 5 }, (_, i) => redundant.push(input(i + 1)));
    expect(deliver([sent[0]!, sent[2]!, sent[1]!, sent[4]!, sent[3]!])).toEqual([1, 2, 3, 4, 5]);
  });

  test('a seq that does not follow on starts the window over', () => {
    const redundant = new RedundantInputs();
    redundant.push(input(1));
    redundant.push(input(2));
    expect(redundant.push(input(9))).toMatchObject({ firstSeq: 9, inputs: [expect.anything()] });
  });

  test('a full redundant datagram is a valid inputs message, well inside a datagram', () => {
    const redundant = new RedundantInputs();
    let batch: InputBatchMessage | undefined;
    for (let seq = 1; seq <= 9; seq++) batch = redundant.push(input(seq));
    const bytes = encodeClientMessage(batch!);
    expect(isDatagramClientRecord(bytes)).toBe(true);
    expect(fitsDatagram(bytes.length)).toBe(true);
    expect(bytes.length).toBeLessThan(DATAGRAM_MAX_BYTES / 10);
    const decoded = decodeClientMessage(bytes);
    expect(decoded.ok && decoded.value.type === 'inputs' && decoded.value.firstSeq).toBe(6);
  });

  test('joins, chat and leaves are not datagram records; inputs and acks are', () => {
    expect(isDatagramClientRecord(encodeClientMessage({ type: 'ack', lastSnapshotTick: 3 }))).toBe(true);
    expect(isDatagramClientRecord(encodeClientMessage(input(1)))).toBe(true);
    expect(isDatagramClientRecord(encodeClientMessage({ type: 'chat', text: 'hi' }))).toBe(false);
    expect(isDatagramClientRecord(encodeClientMessage({ type: 'leave' }))).toBe(false);
    expect(
      isDatagramClientRecord(
        encodeClientMessage({ type: 'join', protocolVersion: 1, name: 'a', roomId: 'any' }),
      ),
    ).toBe(false);
  });
});

test('a batch stands for its inputs one by one, with consecutive seqs and the batch times', () => {
  const batch = new RedundantInputs().push({
    type: 'input',
    seq: 1,
    moveX: 0.5,
    moveY: -1,
    aim: 2,
    fire: true,
    clientTimeMs: 70,
    lastSnapshotTick: 9,
  });
  const later = {
    ...batch,
    firstSeq: 7,
    inputs: [...batch.inputs, { moveX: 0, moveY: 1, aim: 0, fire: false }],
  };
  expect(inputsOfBatch(later)).toEqual([
    {
      type: 'input',
      seq: 7,
      moveX: 0.5,
      moveY: -1,
      aim: 2,
      fire: true,
      clientTimeMs: 70,
      lastSnapshotTick: 9,
    },
    { type: 'input', seq: 8, moveX: 0, moveY: 1, aim: 0, fire: false, clientTimeMs: 70, lastSnapshotTick: 9 },
  ]);
});
