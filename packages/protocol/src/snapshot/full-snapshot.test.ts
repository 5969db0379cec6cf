import fc from 'fast-check';
import { expect, test } from 'vitest';
import { fullSnapshot } from './full-snapshot';
import type { WorldView } from './world-view';

const arbitraryWorld = fc.record({
  tick: fc.nat(),
  players: fc.array(
    fc.record({
      id: fc.integer({ min: 1, max: 65535 }),
      x: fc.double({ min: 0, max: 2000, noNaN: true }),
      y: fc.double({ min: 0, max: 2000, noNaN: true }),
      angle: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true, maxExcluded: true }),
      hp: fc.integer({ min: 0, max: 100 }),
      score: fc.nat({ max: 100000 }),
    }),
    { maxLength: 40 },
  ),
  projectiles: fc.array(
    fc.record({
      id: fc.nat(),
      x: fc.double({ min: 0, max: 2000, noNaN: true }),
      y: fc.double({ min: 0, max: 2000, noNaN: true }),
      angle: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true, maxExcluded: true }),
    }),
    { maxLength: 40 },
  ),
});

const angleDistance = (a: number, b: number) => Math.abs(Math.atan2(Math.sin(a - b), Math.cos(a - b)));

test('the full strategy decodes every entity within quantisation error', () => {
  fc.assert(
    fc.property(arbitraryWorld, (world: WorldView) => {
      const encoder = fullSnapshot.createEncoder();
      encoder.beginSnapshot(world);
      const decoded = fullSnapshot
        .createDecoder()
        .decode(world.tick, encoder.bodyFor({ playerId: 1, baselineTick: 0 }));
      if (!decoded.ok) return false;
      const view = decoded.value;
      expect(view.players).toHaveLength(world.players.length);
      expect(view.projectiles).toHaveLength(world.projectiles.length);
      world.players.forEach((p, i) => {
        const q = view.players[i]!;
        expect(q.id).toBe(p.id);
        expect(Math.abs(q.x - p.x)).toBeLessThanOrEqual(1 / 32);
        expect(Math.abs(q.y - p.y)).toBeLessThanOrEqual(1 / 32);
        expect(angleDistance(q.angle, p.angle)).toBeLessThanOrEqual(Math.PI / 65536 + 1e-12);
        expect([q.hp, q.score]).toEqual([p.hp, p.score]);
      });
      world.projectiles.forEach((p, i) => {
        const q = view.projectiles[i]!;
        expect(q.id).toBe(p.id);
        expect(Math.abs(q.x - p.x)).toBeLessThanOrEqual(1 / 32);
      });
      return true;
    }),
  );
});

test('every viewer shares the one encoded body', () => {
  const encoder = fullSnapshot.createEncoder();
  encoder.beginSnapshot({
    tick: 1,
    players: [{ id: 1, x: 1, y: 2, angle: 0, hp: 100, score: 0 }],
    projectiles: [],
  });
  expect(encoder.bodyFor({ playerId: 1, baselineTick: 0 })).toBe(
    encoder.bodyFor({ playerId: 2, baselineTick: 0 }),
  );
});

test('a corrupt body is a fault, not a throw', () => {
  const decoded = fullSnapshot.createDecoder().decode(1, new Uint8Array([0xc1, 0xff]));
  expect(decoded.ok).toBe(false);
});
