import { afterEach, expect, test, vi } from 'vitest';
import { lingerFor } from './linger';

afterEach(() => {
  vi.useRealTimers();
});

test('takes SIGTERM and SIGINT from the moment it returns, and gives them back when a signal ends it', async () => {
  const before = { term: process.listenerCount('SIGTERM'), int: process.listenerCount('SIGINT') };
  const lingering = lingerFor(60);
  // synchronously in place: whoever is told "lingering" right after may signal at once
  expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
  expect(process.listenerCount('SIGINT')).toBe(before.int + 1);
  process.emit('SIGTERM');
  expect(await lingering).toBe('signal');
  expect(process.listenerCount('SIGTERM')).toBe(before.term);
  expect(process.listenerCount('SIGINT')).toBe(before.int);
});

test('ends by itself after the given seconds, and lets go of the signals', async () => {
  vi.useFakeTimers();
  const before = process.listenerCount('SIGTERM');
  const lingering = lingerFor(2);
  vi.advanceTimersByTime(2000);
  expect(await lingering).toBe('elapsed');
  expect(process.listenerCount('SIGTERM')).toBe(before);
});
