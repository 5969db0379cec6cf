import { expect, test } from 'vitest';
import { IpRateLimiter } from './ip-rate-limiter';

test('each address gets its own budget per minute, refilled over time', () => {
  let now = 0;
  const limiter = new IpRateLimiter(3, new Set(), 100, () => now);
  expect([1, 2, 3, 4].map(() => limiter.take('1.1.1.1'))).toEqual([true, true, true, false]);
  expect(limiter.take('2.2.2.2')).toBe(true);
  now += 20_000; // a third of a minute: one action back
  expect(limiter.take('1.1.1.1')).toBe(true);
  expect(limiter.take('1.1.1.1')).toBe(false);
});

test('a limit of 0 is no limit', () => {
  const limiter = new IpRateLimiter(0);
  for (let i = 0; i < 1000; i++) expect(limiter.take('1.1.1.1')).toBe(true);
  expect(limiter.size).toBe(0);
});

test('memory is bounded: idle addresses are forgotten first, then the oldest', () => {
  let now = 0;
  const limiter = new IpRateLimiter(10, new Set(), 50, () => now);
  for (let i = 0; i < 200; i++) limiter.take(`10.0.0.${i}`);
  expect(limiter.size).toBeLessThanOrEqual(50);
  now += 60_000;
  for (let i = 0; i < 200; i++) limiter.take(`10.0.1.${i}`);
  expect(limiter.size).toBeLessThanOrEqual(50);
});

test('a trusted address is not limited and not tracked; the others still are', () => {
  const limiter = new IpRateLimiter(2, new Set(['127.0.0.1']));
  for (let i = 0; i < 100; i++) expect(limiter.take('127.0.0.1')).toBe(true);
  expect(limiter.size).toBe(0);
  expect([1, 2, 3].map(() => limiter.take('10.0.0.1'))).toEqual([true, true, false]);
});
