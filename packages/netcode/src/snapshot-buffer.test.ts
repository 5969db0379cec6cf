import type { PlayerView, WorldView } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { lerpAngle, SnapshotBuffer } from './snapshot-buffer';

const OPTIONS = { maxExtrapolationTicks: 6, teleportDistanceUnits: 100 };

function player(id: number, x: number, y: number, extra: Partial<PlayerView> = {}): PlayerView {
  return { id, x, y, angle: 0, hp: 100, score: 0, ...extra };
}

function world(tick: number, players: PlayerView[], projectiles: WorldView['projectiles'] = []): WorldView {
  return { tick, players, projectiles };
}

describe('SnapshotBuffer', () => {
  test('reports no data before the first snapshot', () => {
    const sampled = new SnapshotBuffer(OPTIONS).sample(10);
    expect(sampled.hasData).toBe(false);
    expect(sampled.players).toEqual([]);
  });

  test('interpolates positions between the two snapshots around the render tick', () => {
    const buffer = new SnapshotBuffer(OPTIONS);
    buffer.push(world(10, [player(1, 100, 200)]));
    buffer.push(world(12, [player(1, 120, 180)]));
    const sampled = buffer.sample(11.5);
    expect(sampled.extrapolatedTicks).toBe(0);
    expect(sampled.players[0]!.x).toBeCloseTo(115, 9);
    expect(sampled.players[0]!.y).toBeCloseTo(185, 9);
  });

  test('keeps hp and score from the earlier snapshot until the later one is reached', () => {
    const buffer = new SnapshotBuffer(OPTIONS);
    buffer.push(world(1, [player(1, 0, 0, { hp: 100 })]));
    buffer.push(world(2, [player(1, 0, 0, { hp: 75, score: 1 })]));
    expect(buffer.sample(1.9).players[0]).toMatchObject({ hp: 100, score: 0 });
    expect(buffer.sample(2).players[0]).toMatchObject({ hp: 75, score: 1 });
  });

  test('accepts snapshots out of order and ignores duplicates', () => {
    const buffer = new SnapshotBuffer(OPTIONS);
    buffer.push(world(10, [player(1, 0, 0)]));
    buffer.push(world(14, [player(1, 40, 0)]));
    buffer.push(world(12, [player(1, 20, 0)]));
    buffer.push(world(12, [player(1, 999, 0)]));
    expect(buffer.size).toBe(3);
    expect(buffer.sample(13).players[0]!.x).toBeCloseTo(30, 9);
  });

  test('extrapolates along the last velocity past the newest snapshot, capped', () => {
    const buffer = new SnapshotBuffer(OPTIONS);
    buffer.push(world(10, [player(1, 100, 0)], [{ id: 7, x: 0, y: 0, angle: 0 }]));
    buffer.push(world(11, [player(1, 103, 0)], [{ id: 7, x: 15, y: 0, angle: 0 }]));
    const short = buffer.sample(13);
    expect(short.extrapolatedTicks).toBe(2);
    expect(short.players[0]!.x).toBeCloseTo(109, 9);
    expect(short.projectiles[0]!.x).toBeCloseTo(45, 9);
    const long = buffer.sample(100);
    expect(long.extrapolatedTicks).toBe(OPTIONS.maxExtrapolationTicks);
    expect(long.players[0]!.x).toBeCloseTo(103 + 3 * OPTIONS.maxExtrapolationTicks, 9);
  });

  test('never glides across a teleport: a respawn shows at one place, then the other', () => {
    const buffer = new SnapshotBuffer(OPTIONS);
    buffer.push(world(1, [player(1, 100, 100)]));
    buffer.push(world(2, [player(1, 1500, 1500)]));
    expect(buffer.sample(1.5).players[0]).toMatchObject({ x: 100, y: 100 });
    expect(buffer.sample(2).players[0]).toMatchObject({ x: 1500, y: 1500 });
  });

  test('shows a newly joined player and a new projectile from the snapshot that has them', () => {
    const buffer = new SnapshotBuffer(OPTIONS);
    buffer.push(world(1, [player(1, 0, 0)]));
    buffer.push(world(2, [player(1, 0, 0), player(2, 50, 50)], [{ id: 3, x: 5, y: 5, angle: 0 }]));
    buffer.push(world(3, [player(1, 0, 0), player(2, 50, 50)], [{ id: 3, x: 20, y: 5, angle: 0 }]));
    const between = buffer.sample(1.5);
    expect(between.players.map((p) => p.id)).toEqual([1]);
    expect(between.projectiles).toEqual([]);
    const later = buffer.sample(2.5);
    expect(later.players.map((p) => p.id)).toEqual([1, 2]);
    expect(later.projectiles[0]!.x).toBeCloseTo(12.5, 9);
  });

  test('counts the snapshots still ahead of the render tick and forgets the ones behind it', () => {
    const buffer = new SnapshotBuffer(OPTIONS);
    for (let tick = 1; tick <= 8; tick++) buffer.push(world(tick, [player(1, tick, 0)]));
    const sampled = buffer.sample(5.5);
    expect(sampled.bufferedAhead).toBe(3);
    expect(buffer.size).toBe(5); // ticks 4 and 5 stay for interpolation and velocity
  });

  test('interpolates angles the short way round', () => {
    expect(lerpAngle(Math.PI - 0.1, -Math.PI + 0.1, 0.5)).toBeCloseTo(Math.PI, 9);
    expect(lerpAngle(0.2, -0.2, 0.5)).toBeCloseTo(0, 9);
  });
});
