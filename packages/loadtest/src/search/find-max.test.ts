import { describe, expect, test } from 'vitest';
import { extrapolateMaxN } from '../report/load-test-report';
import { findMaxN, type ProbeFigures } from './find-max';

/** A fake server: holds T up to `limit` bots; costs `usPerClientTick`; bots saturate above `botLimit`. */
function fakeRunner(limit: number, options: { botLimit?: number; usPerClientTick?: number } = {}) {
  const calls: number[] = [];
  const runAt = async (n: number): Promise<ProbeFigures> => {
    calls.push(n);
    const holds = n <= limit;
    return {
      n,
      holds,
      botSaturated: n > (options.botLimit ?? Number.POSITIVE_INFINITY),
      cpuUsPerClientTick: options.usPerClientTick ?? 30,
      achievedTickHz: holds ? 60 : 50,
      serverCpuPct: holds ? 70 : 99,
    };
  };
  return { calls, runAt };
}

describe('findMaxN', () => {
  test('ramps geometrically, then bisects to within the resolution of the server limit', async () => {
    const { calls, runAt } = fakeRunner(333);
    const result = await findMaxN({ tickHz: 60, startN: 50, maxN: 1000, resolution: 10, runAt });
    expect(calls.slice(0, 5)).toEqual([50, 100, 200, 400, 300]);
    expect(result.limited_by).toBe('server');
    expect(result.extrapolated).toBe(false);
    expect(result.max_n_at_T).toBeLessThanOrEqual(333);
    expect(result.first_failing_n! - result.max_n_at_T!).toBeLessThanOrEqual(Math.max(10, 0.05 * 333));
    expect(result.first_failing_n).toBeGreaterThan(333);
  });

  test('reports every probe of the walk in order, marking ramp and bisect steps', async () => {
    const seen: number[] = [];
    const { runAt } = fakeRunner(120);
    const result = await findMaxN({
      tickHz: 20,
      startN: 50,
      maxN: 1000,
      resolution: 5,
      runAt,
      onProbe: (p) => seen.push(p.n),
    });
    expect(result.curve.map((p) => p.n)).toEqual(seen);
    expect(result.curve.map((p) => p.step)).toEqual(seen.map((_, i) => i + 1));
    expect(result.curve.slice(0, 3).map((p) => p.phase)).toEqual(['ramp', 'ramp', 'ramp']);
    expect(result.curve.slice(3).every((p) => p.phase === 'bisect')).toBe(true);
    expect(result.curve.filter((p) => p.holds).every((p) => p.n <= 120)).toBe(true);
  });

  test('stops and extrapolates from the largest N the bots drove when the bots saturate first', async () => {
    const { calls, runAt } = fakeRunner(10_000, { botLimit: 300, usPerClientTick: 29.4 });
    const result = await findMaxN({ tickHz: 60, startN: 50, maxN: 1000, resolution: 10, runAt });
    expect(calls).toEqual([50, 100, 200, 400]);
    expect(result.limited_by).toBe('bots');
    expect(result.extrapolated).toBe(true);
    expect(result.extrapolated_from_n).toBe(200);
    // SCENARIO.md's worked example: 29.4 us at T=60 -> ~510.
    expect(result.max_n_at_T).toBe(extrapolateMaxN(29.4, 60));
    expect(result.max_n_at_T).toBe(510);
    expect(result.measured_max_n).toBe(400);
  });

  test('never reports an extrapolation below what was measured to hold', async () => {
    const { runAt } = fakeRunner(10_000, { botLimit: 300, usPerClientTick: 200 });
    const result = await findMaxN({ tickHz: 60, startN: 50, maxN: 1000, resolution: 10, runAt });
    expect(result.max_n_at_T).toBe(400);
  });

  test('stops at --max-bots when every run holds', async () => {
    const { calls, runAt } = fakeRunner(10_000);
    const result = await findMaxN({ tickHz: 60, startN: 100, maxN: 300, resolution: 10, runAt });
    expect(calls).toEqual([100, 200, 300]);
    expect(result.limited_by).toBe('max-bots');
    expect(result.max_n_at_T).toBe(300);
  });

  test('reports no N when even the first run does not hold, after bisecting below it', async () => {
    const { calls, runAt } = fakeRunner(0);
    const result = await findMaxN({ tickHz: 60, startN: 40, maxN: 1000, resolution: 10, runAt });
    expect(calls[0]).toBe(40);
    expect(result.max_n_at_T).toBeNull();
    expect(result.limited_by).toBe('server');
    expect(result.explanation).toMatch(/does not hold/);
  });

  test('refuses a nonsensical search', async () => {
    const { runAt } = fakeRunner(10);
    await expect(findMaxN({ tickHz: 60, startN: 50, maxN: 10, resolution: 10, runAt })).rejects.toThrow();
    await expect(
      findMaxN({ tickHz: 60, startN: 5, maxN: 10, resolution: 1, growth: 1, runAt }),
    ).rejects.toThrow();
  });

  test('repeats a failure with the server CPU far below the limit (a stall) before believing it', async () => {
    let stalls = 1;
    const runAt = async (n: number): Promise<ProbeFigures> => {
      const isStall = n === 200 && stalls-- > 0;
      const holds = n <= 300 && !isStall;
      return {
        n,
        holds,
        botSaturated: false,
        cpuUsPerClientTick: 20,
        achievedTickHz: holds ? 60 : 50,
        serverCpuPct: isStall ? 20 : holds ? 60 : 95,
      };
    };
    const result = await findMaxN({ tickHz: 60, startN: 100, maxN: 1000, resolution: 10, runAt });
    expect(result.curve.slice(0, 3).map((p) => [p.n, p.phase, p.holds])).toEqual([
      [100, 'ramp', true],
      [200, 'ramp', false],
      [200, 'retry', true],
    ]);
    expect(result.max_n_at_T).toBeGreaterThanOrEqual(290);
    expect(result.max_n_at_T).toBeLessThanOrEqual(300);
  });

  test('a failure at high server CPU is believed at once', async () => {
    const { calls, runAt } = fakeRunner(150);
    await findMaxN({ tickHz: 60, startN: 100, maxN: 1000, resolution: 10, runAt });
    expect(calls.filter((n) => n === 200)).toHaveLength(1);
  });

  test('names stalls, not the server, when the failure at low CPU persists, and still gives the cost figure', async () => {
    const runAt = async (n: number): Promise<ProbeFigures> => ({
      n,
      holds: n < 150,
      botSaturated: false,
      cpuUsPerClientTick: 20,
      achievedTickHz: n < 150 ? 60 : 50,
      serverCpuPct: 20,
    });
    const result = await findMaxN({ tickHz: 60, startN: 100, maxN: 1000, resolution: 10, runAt });
    expect(result.limited_by).toBe('stalls');
    expect(result.explanation).toMatch(/floor/);
    expect(result.max_n_from_cost).toBe(750);
    expect(result.max_n_at_T).toBeLessThan(150);
  });
});
