import { expect, test } from 'vitest';
import { attributeSnapshotBytes } from './byte-attribution';
import { deltaSnapshot } from './delta-snapshot';
import { fullSnapshot } from './full-snapshot';
import type { WorldView } from './world-view';

function crowd(tick: number): WorldView {
  return {
    tick,
    players: Array.from({ length: 50 }, (_, i) => ({
      id: i + 1,
      x: 300 + i * 20 + tick * 3.3,
      y: 400 + tick * 1.1,
      angle: (i + tick * 0.05) % 3,
      hp: 100,
      score: 0,
    })),
    projectiles: [{ id: 7, x: 100 + tick * 15, y: 100, angle: 0 }],
  };
}

test('delta attribution adds up to the real body and names positions and angles as the big shares', () => {
  const baseline = crowd(10);
  const world = crowd(12);
  const attribution = attributeSnapshotBytes('delta', world, baseline);
  const encoder = deltaSnapshot.createEncoder();
  encoder.beginSnapshot(baseline);
  encoder.beginSnapshot(world);
  const real = encoder.bodyFor({ playerId: 1, baselineTick: 10 });
  expect(attribution.totalBytes).toBe(real.length);
  expect(attribution.shares.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 9);
  expect(attribution.shares[0]!.field).toBe('player.position');
  expect(attribution.shares.map((s) => s.field)).toContain('player.angle');
  expect(attribution.shares.map((s) => s.field)).not.toContain('player.hp'); // unchanged: not sent
});

test('full attribution adds up to the real body', () => {
  const world = crowd(3);
  const encoder = fullSnapshot.createEncoder();
  encoder.beginSnapshot(world);
  const attribution = attributeSnapshotBytes('full', world);
  expect(attribution.totalBytes).toBe(encoder.bodyFor({ playerId: 1, baselineTick: 0 }).length);
  expect(attribution.shares.map((s) => s.field)).toContain('player.hp'); // sent every time
});
