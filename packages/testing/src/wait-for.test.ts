import { describe, expect, test } from 'vitest';
import { waitFor, waitForTicks } from './wait-for';

describe('waitFor', () => {
  test('resolves at once with a condition that already holds, without a timer', async () => {
    let checks = 0;
    await expect(waitFor(() => ++checks && 'ready', 'ready')).resolves.toBe('ready');
    expect(checks).toBe(1);
  });

  test('resolves with the first truthy value once the condition holds on a poll', async () => {
    let polls = 0;
    const value = await waitFor(() => (++polls >= 3 ? { polls } : undefined), 'the third poll', {
      pollMs: 1,
    });
    expect(value).toEqual({ polls: 3 });
  });

  test('a wake sees a state that holds between two events only, which polling could miss', async () => {
    let wake: () => void = () => {};
    let unsubscribed = false;
    let state = 0;
    const seen = waitFor(() => state === 2, 'state 2', {
      pollMs: 60_000,
      wakeOn: (check) => {
        wake = check;
        return () => {
          unsubscribed = true;
        };
      },
    });
    for (state = 1; state <= 3; state++) wake();
    await expect(seen).resolves.toBe(true);
    expect(unsubscribed).toBe(true);
  });

  test('rejects after timeoutMs naming what it waited for, with the detail', async () => {
    await expect(
      waitFor(() => false, 'a thing that never comes', { timeoutMs: 20, detail: () => 'last seen: nothing' }),
    ).rejects.toThrow(/timed out after 20 ms waiting for a thing that never comes\nlast seen: nothing/);
  });

  test('rejects as soon as the condition throws', async () => {
    let checks = 0;
    const failing = waitFor(
      () => {
        if (++checks === 2) throw new Error('broken');
        return false;
      },
      'a broken condition',
      { pollMs: 1 },
    );
    await expect(failing).rejects.toThrow('broken');
    expect(checks).toBe(2);
  });

  test('an async condition resolves, and is never checked twice at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let answers = 0;
    const value = await waitFor(
      async () => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5)); // an HTTP round trip
        inFlight--;
        return ++answers >= 3 ? 'up' : undefined;
      },
      'the service up',
      { pollMs: 1 },
    );
    expect(value).toBe('up');
    expect(maxInFlight).toBe(1);
  });

  test('an async condition that rejects rejects the wait', async () => {
    await expect(waitFor(() => Promise.reject(new Error('refused')), 'an answer')).rejects.toThrow('refused');
  });
});

describe('waitForTicks', () => {
  test('resolves once the tick moved the given count past its value at the call, with the tick', async () => {
    let tick = 40;
    const waited = waitForTicks(() => tick, 5, '5 ticks', { pollMs: 1 });
    const timer = setInterval(() => tick++, 1);
    try {
      expect(await waited).toBeGreaterThanOrEqual(45);
    } finally {
      clearInterval(timer);
    }
  });

  test('times out when the ticks stop, saying where they stopped', async () => {
    await expect(waitForTicks(() => 7, 3, 'ticks of a stopped room', { timeoutMs: 20 })).rejects.toThrow(
      /ticks of a stopped room\nat tick 7, waiting from 7 for 10/,
    );
  });
});
