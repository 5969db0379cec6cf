import { readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ, the same on every arch Node runs on). */
const CLOCK_TICKS_PER_S = 100;

/**
 * CPU seconds (user + system) another process has used so far, from /proc/<pid>/stat; undefined
 * where there is no /proc or the process is gone. Resolution 10 ms: read it over seconds.
 */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const userTicks = Number(fields[11]);
    const systemTicks = Number(fields[12]);
    if (!Number.isFinite(userTicks) || !Number.isFinite(systemTicks)) return undefined;
    return (userTicks + systemTicks) / CLOCK_TICKS_PER_S;
  } catch {
    return undefined;
  }
}
