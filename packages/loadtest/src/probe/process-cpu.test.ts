import { expect, test } from 'vitest';
import { processCpuSeconds } from './process-cpu';

test('reads this process CPU time from /proc, and nothing for a process that is not there', () => {
  const own = processCpuSeconds(process.pid);
  if (own === undefined) return; // no /proc on this system
  let spin = 0;
  const cpu0 = process.cpuUsage();
  while (process.cpuUsage(cpu0).user < 50_000) spin++;
  expect(spin).toBeGreaterThan(0);
  expect(processCpuSeconds(process.pid)!).toBeGreaterThan(own);
  expect(processCpuSeconds(2 ** 22 + 12345)).toBeUndefined();
});
