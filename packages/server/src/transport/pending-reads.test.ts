import { expect, test } from 'vitest';
import { PendingReads } from './pending-reads';

test('readAll reads every registered connection once, with one shared scratch buffer', () => {
  const reads = new PendingReads(() => {});
  const seen: [string, Buffer][] = [];
  const a = { readPending: (scratch: Buffer) => seen.push(['a', scratch]) };
  const b = { readPending: (scratch: Buffer) => seen.push(['b', scratch]) };
  reads.add(a);
  reads.add(b);
  reads.readAll();
  expect(seen.map(([name]) => name)).toEqual(['a', 'b']);
  expect(seen[0]![1]).toBe(seen[1]![1]);
  expect(seen[0]![1].length).toBe(64 * 1024);
  reads.remove(a);
  reads.readAll();
  expect(seen.map(([name]) => name)).toEqual(['a', 'b', 'b']);
  expect(reads.size).toBe(1);
});

test('stack traces are off only while reading; a throwing reader is reported and does not stop the others', () => {
  const errors: unknown[] = [];
  const reads = new PendingReads((error) => errors.push(error));
  const limits: number[] = [];
  const failure = new Error('reader failed');
  reads.add({
    readPending: () => {
      limits.push(Error.stackTraceLimit);
      throw failure;
    },
  });
  reads.add({ readPending: () => limits.push(Error.stackTraceLimit) });
  const before = Error.stackTraceLimit;
  reads.readAll();
  expect(limits).toEqual([0, 0]);
  expect(Error.stackTraceLimit).toBe(before);
  expect(errors).toEqual([failure]);
});
