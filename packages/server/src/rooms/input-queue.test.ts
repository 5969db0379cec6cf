import type { InputMessage } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import {
  InputQueue,
  inputCreditCap,
  MAX_INPUTS_PER_TICK,
  MAX_STANDING_BACKLOG,
  standingBacklogFor,
} from './input-queue';

const CAP = inputCreditCap(60); // 18 at 60 Hz

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
    const queue = new InputQueue(8, CAP);
    for (const seq of [3, 1, 2]) expect(queue.offer(input(seq))).toBe('queued');
    expect([queue.takeForTick(), queue.takeForTick(), queue.takeForTick()].flat().map((i) => i.seq)).toEqual([
      1, 2, 3,
    ]);
    expect(queue.lastAppliedSeq).toBe(3);
    expect(queue.takeForTick()).toEqual([]);
  });

  test('drops stale and duplicate seqs; the ack never goes backwards', () => {
    const queue = new InputQueue(8, CAP);
    queue.offer(input(5));
    expect(queue.offer(input(5))).toBe('duplicate');
    queue.takeForTick();
    expect(queue.offer(input(5))).toBe('stale');
    expect(queue.offer(input(2))).toBe('stale');
    expect(queue.lastAppliedSeq).toBe(5);
  });

  test('is bounded: past capacity the oldest input goes', () => {
    const queue = new InputQueue(3, CAP);
    for (const seq of [1, 2, 3]) queue.offer(input(seq));
    expect(queue.offer(input(4))).toBe('dropped-oldest');
    expect(queue.length).toBe(3);
    expect(queue.takeForTick()[0]?.seq).toBe(2);
  });

  test('after a tick without input, two inputs that arrive together are both applied at once', () => {
    const queue = new InputQueue(8, CAP);
    queue.offer(input(1));
    expect(queue.takeForTick().map((i) => i.seq)).toEqual([1]);
    expect(queue.takeForTick()).toEqual([]); // jitter: nothing arrived this tick
    queue.offer(input(2));
    queue.offer(input(3));
    expect(queue.takeForTick().map((i) => i.seq)).toEqual([2, 3]); // no standing backlog
    expect(queue.lastAppliedSeq).toBe(3);
  });

  test('the strict rule (--input-credit-ms 0): one input a tick at most, the freshest, and nothing left standing', () => {
    const cuts: number[] = [];
    const queue = new InputQueue(
      8,
      inputCreditCap(60, 0),
      (count) => cuts.push(count),
      standingBacklogFor(0),
    );
    queue.offer(input(1));
    expect(queue.takeForTick().map((i) => i.seq)).toEqual([1]);
    expect(queue.takeForTick()).toEqual([]); // jitter: nothing arrived this tick
    queue.offer(input(2));
    queue.offer(input(3));
    expect(queue.takeForTick().map((i) => i.seq)).toEqual([3]); // the older one is dropped, not caught up
    expect(cuts).toEqual([1]);
    queue.offer(input(4));
    expect(queue.takeForTick().map((i) => i.seq)).toEqual([4]); // no latency added after it
    expect(queue.length).toBe(0);
  });

  test('a client sending several inputs per tick never gets more than one per tick in the long run', () => {
    const queue = new InputQueue(8, CAP);
    let seq = 1;
    let applied = 0;
    const ticks = 600;
    for (let tick = 0; tick < ticks; tick++) {
      for (let k = 0; k < 3; k++) queue.offer(input(seq++));
      const taken = queue.takeForTick();
      expect(taken.length).toBeLessThanOrEqual(MAX_INPUTS_PER_TICK);
      applied += taken.length;
    }
    expect(applied).toBeLessThanOrEqual(ticks + CAP);
  });

  test('pausing then bursting gains at most the credit cap, not the pause', () => {
    const queue = new InputQueue(64, CAP);
    for (let tick = 0; tick < 100; tick++) queue.takeForTick(); // a long pause
    for (let seq = 1; seq <= 50; seq++) queue.offer(input(seq));
    let applied = 0;
    let ticks = 0;
    while (queue.length > 0) {
      const taken = queue.takeForTick();
      expect(taken.length).toBeLessThanOrEqual(MAX_INPUTS_PER_TICK);
      applied += taken.length;
      ticks++;
    }
    expect(applied).toBeLessThanOrEqual(ticks + CAP);
  });

  test('ticks the loop skipped earn credit: inputs sent meanwhile are applied, not left standing', () => {
    const queue = new InputQueue(64, CAP);
    queue.grantSkippedTicks(5); // a 5-tick stall
    for (let seq = 1; seq <= 6; seq++) queue.offer(input(seq));
    expect(queue.takeForTick().map((i) => i.seq)).toEqual([1, 2, 3, 4]);
    expect(queue.takeForTick().map((i) => i.seq)).toEqual([5, 6]);
  });

  test('the burst after a TCP retransmission (200 ms of inputs held back) is applied in full, none cut', () => {
    const cuts: number[] = [];
    const queue = new InputQueue(64, CAP, (count) => cuts.push(count));
    let seq = 1;
    for (let tick = 0; tick < 30; tick++) {
      queue.offer(input(seq++)); // steady: one per tick
      queue.takeForTick();
    }
    for (let tick = 0; tick < 12; tick++) queue.takeForTick(); // 12 ticks with nothing arriving
    for (let k = 0; k < 13; k++) queue.offer(input(seq++)); // then all of them at once
    let ticks = 0;
    while (queue.length > 0) {
      queue.offer(input(seq++)); // and the stream goes on
      queue.takeForTick();
      if (++ticks > 20) break;
    }
    expect(cuts).toEqual([]);
    expect(ticks).toBeLessThanOrEqual(8); // caught up within a few ticks
  });

  test('a standing backlog is cut from its oldest end, so it never adds lasting latency', () => {
    const cuts: number[] = [];
    const queue = new InputQueue(64, CAP, (count) => cuts.push(count));
    let seq = 1;
    for (let tick = 0; tick < 50; tick++) {
      for (let k = 0; k < 5; k++) queue.offer(input(seq++)); // five inputs per tick, forever
      queue.takeForTick();
      expect(queue.length).toBeLessThanOrEqual(MAX_INPUTS_PER_TICK + MAX_STANDING_BACKLOG);
    }
    expect(cuts.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    expect(queue.lastAppliedSeq).toBeGreaterThan(200); // the ack follows the newest inputs
  });

  test('an absurd jump ahead is refused as forged', () => {
    const queue = new InputQueue(3, CAP);
    expect(queue.offer(input(1_000_000))).toBe('too-far-ahead');
    expect(queue.length).toBe(0);
  });
});
