import { describe, expect, test } from 'vitest';
import { IDLE_ACK_MS, IdleAck } from './idle-ack';

/** When acks are due, for snapshots every `periodMs` over `durationMs`, inputs sent while `isPlaying(ms)`. */
function acksAt(periodMs: number, durationMs: number, isPlaying: (ms: number) => boolean): number[] {
  const idle = new IdleAck();
  const acks: number[] = [];
  for (let ms = 0; ms <= durationMs; ms += periodMs) {
    if (isPlaying(ms)) idle.reported();
    if (idle.snapshotArrived(ms)) acks.push(ms);
  }
  return acks;
}

describe('IdleAck', () => {
  test('a client that sends no inputs acks once a second of snapshots, starting a second after the first', () => {
    expect(acksAt(50, 5000, () => false)).toEqual([1000, 2000, 3000, 4000, 5000]);
  });

  test('a playing client never needs an ack of its own; one that stops acks a second later', () => {
    expect(acksAt(1000 / 60, 10_000, () => true)).toEqual([]);
    const acks = acksAt(50, 6000, (ms) => ms < 3000);
    expect(acks[0]).toBeGreaterThanOrEqual(3000 + IDLE_ACK_MS - 50);
    expect(acks[0]).toBeLessThanOrEqual(3000 + IDLE_ACK_MS + 50);
  });

  test('inputs at a frame rate below the snapshot rate (a slow frame, batching) are reports: no ack', () => {
    expect(acksAt(1000 / 60, 10_000, (ms) => Math.floor(ms / (1000 / 60)) % 4 === 0)).toEqual([]);
  });

  test('snapshots that arrive seldom (a backed-up link) are acked on arrival, at most once a second', () => {
    expect(acksAt(2500, 10_000, () => false)).toEqual([2500, 5000, 7500, 10_000]);
  });
});
