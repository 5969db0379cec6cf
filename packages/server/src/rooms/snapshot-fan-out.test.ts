import { describe, expect, test } from 'vitest';
import { World } from '../sim/world';
import { DeferringManualClock, ManualClock } from '../testing/manual-clock';
import { RoomStats } from './room-stats';
import type { RoomConnection } from './room-types';
import { FAN_OUT_SLICE_MS, SnapshotFanOut, type SnapshotTarget } from './snapshot-fan-out';

/** Each send takes this long on the test's clock. */
const SEND_MS = 0.02;

/** `count` players whose connections note each snapshot tick they are sent and take SEND_MS each. */
function targets(clock: ManualClock, count: number): { targets: SnapshotTarget[]; ticksSent: number[][] } {
  const ticksSent: number[][] = [];
  const list = Array.from({ length: count }, (_, i) => {
    const ticks: number[] = [];
    ticksSent.push(ticks);
    const connection: RoomConnection = {
      send() {},
      roomClosed() {},
      sendSnapshot(tick) {
        ticks.push(tick);
        clock.spend(SEND_MS);
      },
    };
    return { playerId: i + 1, baselineTick: 0, connection, inputs: { lastAppliedSeq: 0 } };
  });
  return { targets: list, ticksSent };
}

function worldAt(ticks: number): World {
  const world = new World({ mode: 'bench', tickRateHz: 60, seed: 1, maxRewindMs: 0 });
  for (let id = 1; id <= 3; id++) world.addPlayer(id, `p${id}`);
  for (let i = 0; i < ticks; i++) world.step(new Map());
  return world;
}

describe('SnapshotFanOut in slices', () => {
  test('with a deferring clock, a long fan-out goes out in slices of about FAN_OUT_SLICE_MS', () => {
    const clock = new DeferringManualClock();
    const fanOut = new SnapshotFanOut('full', new RoomStats(), clock);
    const { targets: all, ticksSent } = targets(clock, 100);
    const finished: number[] = [];
    fanOut.send(worldAt(1).view(), all, (ms) => finished.push(ms));
    const firstSlice = ticksSent.filter((ticks) => ticks.length === 1).length;
    expect(firstSlice).toBeGreaterThanOrEqual(FAN_OUT_SLICE_MS / SEND_MS);
    expect(firstSlice).toBeLessThan(100);
    expect(fanOut.isSending).toBe(true);
    expect(finished).toEqual([]);
    expect(clock.runDeferred()).toBeGreaterThanOrEqual(2);
    expect(fanOut.isSending).toBe(false);
    expect(ticksSent.every((ticks) => ticks.length === 1 && ticks[0] === 1)).toBe(true);
    // the later slices' cost, reported once, when the last of them is sent
    expect(finished).toHaveLength(1);
    expect(finished[0]).toBeCloseTo((100 - firstSlice) * SEND_MS, 6);
  });

  test('a snapshot still going out is finished before the next one begins: every player gets them in order', () => {
    const clock = new DeferringManualClock();
    const fanOut = new SnapshotFanOut('full', new RoomStats(), clock);
    const { targets: all, ticksSent } = targets(clock, 100);
    let finished = 0;
    const world = worldAt(1);
    fanOut.send(world.view(), all, () => finished++);
    world.step(new Map());
    fanOut.send(world.view(), all);
    expect(finished).toBe(1);
    clock.runDeferred();
    expect(ticksSent.every((ticks) => ticks.join() === '1,2')).toBe(true);
  });

  test('without a deferring clock (tests, replays) a fan-out is sent at once, whatever its length', () => {
    const clock = new ManualClock();
    const fanOut = new SnapshotFanOut('full', new RoomStats(), clock);
    const { targets: all, ticksSent } = targets(clock, 100);
    let finished = 0;
    fanOut.send(worldAt(1).view(), all, () => finished++);
    expect(fanOut.isSending).toBe(false);
    expect(ticksSent.every((ticks) => ticks.length === 1)).toBe(true);
    expect(finished).toBe(0); // the caller measured it all
  });
});
