import { expect, test } from 'vitest';
import { AlignedInputSchedule, alignedSendTime, InputLead, MIN_LEAD_MS } from './tick-aligned-inputs';

test('the send time moves the shortest way round the period to lead the next tick', () => {
  const period = 1000 / 60;
  // a snapshot at 100 ms: the next tick is due about 116.7 ms, so with a 2 ms lead send at 114.7
  expect(alignedSendTime(110, 100, period, 2)).toBeCloseTo(114.67, 2);
  // a send planned just after the arrival moves back into the past (it leaves at once), not a period on
  expect(alignedSendTime(100 + 0.3 * period, 100, period, 0.1 * period)).toBeCloseTo(100 - 0.1 * period, 6);
  // any starting phase lands on the same phase, modulo the period
  for (const next of [0, 33, 57.2, 99.9, 250]) {
    const moved = alignedSendTime(next, 100, period, 2);
    const phase = (((moved - (100 + period - 2)) % period) + period) % period;
    expect(Math.min(phase, period - phase)).toBeLessThan(1e-9);
    expect(Math.abs(moved - next)).toBeLessThanOrEqual(period / 2 + 1e-9);
  }
});

test('the lead shrinks by a few percent per hit, grows by a tenth of a period per miss, within bounds', () => {
  const period = 1000 / 60;
  const lead = new InputLead(period);
  expect(lead.ms).toBeCloseTo(period / 2, 6); // starts no worse than free-running
  for (let i = 0; i < 60; i++) lead.record(true); // a second of hits at 60 Hz
  expect(lead.ms).toBeLessThan(period / 2 / 5);
  for (let i = 0; i < 10_000; i++) lead.record(true);
  expect(lead.ms).toBe(MIN_LEAD_MS);
  lead.record(false);
  expect(lead.ms).toBeCloseTo(MIN_LEAD_MS + period / 10, 6);
  for (let i = 0; i < 100; i++) lead.record(false);
  expect(lead.ms).toBeCloseTo(period / 2, 6);
});

test('the schedule sends one input per tick period while snapshots jitter and drift its phase', () => {
  const period = 1000 / 30;
  const periods = 600;
  const schedule = new AlignedInputSchedule(period, 5);
  let random = 12345; // a fixed LCG: the same jitter every run
  const jitterMs = () => {
    random = (random * 1103515245 + 12345) % 2 ** 31;
    return (random / 2 ** 31 - 0.5) * 6; // +-3 ms
  };
  let nowMs = 0;
  let sent = 0;
  let snapshotAtMs = 12;
  let snapshots = 0;
  while (snapshots < periods) {
    const sendAtMs = schedule.nextMs!;
    if (sendAtMs <= snapshotAtMs) {
      // the bot's timer fires at the send time, or at once when a snapshot moved it into the past
      nowMs = Math.max(nowMs, sendAtMs);
      sent += schedule.due(nowMs, 1);
    } else {
      nowMs = snapshotAtMs;
      snapshots++;
      // every seventh input misses its tick; the server's tick phase drifts by 1 % of a period a tick
      schedule.snapshotArrived(snapshots % 7 === 0 ? sent - 1 : sent, sent, nowMs);
      snapshotAtMs += period * 1.01 + jitterMs();
    }
  }
  // one input per tick of the server (its snapshots), not of the client's own clock
  expect(Math.abs(sent - snapshots)).toBeLessThanOrEqual(2);
});
