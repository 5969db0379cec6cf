import type { InputMessage } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { InputQueue } from './input-queue';

const input = (seq: number): InputMessage => ({
  type: 'input',
  seq,
  moveX: 0,
  moveY: 0,
  aim: 0,
  fire: false,
  clientTimeMs: 0,
  lastSnapshotTick: 0,
});

describe('InputQueue', () => {
  test('hands inputs out in seq order, whatever the arrival order, and acks each', () => {
    const queue = new InputQueue(8);
    for (const seq of [3, 1, 2]) expect(queue.offer(input(seq))).toBe('queued');
    expect([queue.take()?.seq, queue.take()?.seq, queue.take()?.seq]).toEqual([1, 2, 3]);
    expect(queue.lastAppliedSeq).toBe(3);
    expect(queue.take()).toBeUndefined();
  });

  test('drops stale and duplicate seqs; the ack never goes backwards', () => {
    const queue = new InputQueue(8);
    queue.offer(input(5));
    expect(queue.offer(input(5))).toBe('duplicate');
    queue.take();
    expect(queue.offer(input(5))).toBe('stale');
    expect(queue.offer(input(2))).toBe('stale');
    expect(queue.lastAppliedSeq).toBe(5);
  });

  test('is bounded: past capacity the oldest input goes', () => {
    const queue = new InputQueue(3);
    for (const seq of [1, 2, 3]) queue.offer(input(seq));
    expect(queue.offer(input(4))).toBe('dropped-oldest');
    expect(queue.length).toBe(3);
    expect(queue.take()?.seq).toBe(2);
  });

  test('an absurd jump ahead is refused as forged', () => {
    const queue = new InputQueue(3);
    expect(queue.offer(input(1_000_000))).toBe('too-far-ahead');
    expect(queue.length).toBe(0);
  });
});
