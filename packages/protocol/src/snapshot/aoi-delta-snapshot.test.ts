import fc from 'fast-check';
import { expect, test } from 'vitest';
import { AOI_ENTER_RADIUS_UNITS, AOI_LEAVE_RADIUS_UNITS, aoiDeltaSnapshot } from './aoi-delta-snapshot';
import { quantizeWorld } from './quantized-world';
import type { PlayerView, WorldView } from './world-view';

/** Players wandering fast across the arena, so they keep crossing each other's areas of interest. */
function wanderingWorlds(seed: number, ticks: number, count: number): WorldView[] {
  let state = seed >>> 0 || 3;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  type Walker = { -readonly [K in keyof PlayerView]: PlayerView[K] } & { vx: number; vy: number };
  const players: Walker[] = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    x: random() * 2000,
    y: random() * 2000,
    angle: 0,
    hp: 100,
    score: 0,
    vx: (random() - 0.5) * 60,
    vy: (random() - 0.5) * 60,
  }));
  const worlds: WorldView[] = [];
  for (let tick = 1; tick <= ticks; tick++) {
    for (const p of players) {
      p.x = Math.min(2000, Math.max(0, p.x + p.vx));
      p.y = Math.min(2000, Math.max(0, p.y + p.vy));
      if (p.x === 0 || p.x === 2000) p.vx = -p.vx;
      if (p.y === 0 || p.y === 2000) p.vy = -p.vy;
      p.angle = Math.atan2(p.vy, p.vx);
    }
    worlds.push({
      tick,
      players: players.map(({ id, x, y, angle, hp, score }) => ({ id, x, y, angle, hp, score })),
      projectiles: tick % 3 === 0 ? [{ id: tick, x: players[0]!.x + 10, y: players[0]!.y, angle: 0 }] : [],
    });
  }
  return worlds;
}

test('each viewer decodes exactly the server state of the entities in its area of interest, under loss and ack delay', () => {
  fc.assert(
    fc.property(
      fc.integer(),
      fc.double({ min: 0, max: 0.5, noNaN: true }),
      fc.integer({ min: 0, max: 6 }),
      (seed, lossRate, ackDelay) => {
        const worlds = wanderingWorlds(seed, 100, 12);
        const encoder = aoiDeltaSnapshot.createEncoder();
        const viewers = [1, 5, 9].map((playerId) => ({
          playerId,
          decoder: aoiDeltaSnapshot.createDecoder(),
          reports: [0],
          newest: 0,
        }));
        let lossState = seed >>> 0 || 11;
        for (const world of worlds) {
          encoder.beginSnapshot(world);
          const server = quantizeWorld(world);
          for (const viewer of viewers) {
            const baselineTick = viewer.reports[Math.max(0, viewer.reports.length - 1 - ackDelay)]!;
            const body = encoder.bodyFor({ playerId: viewer.playerId, baselineTick });
            lossState = (lossState * 1103515245 + 12345) >>> 0;
            if (lossState / 2 ** 32 >= lossRate) {
              const decoded = viewer.decoder.decode(world.tick, body);
              if (!decoded.ok) throw new Error(decoded.error.message);
              const seen = quantizeWorld(decoded.value);
              const self = server.players.find((p) => p.id === viewer.playerId)!;
              const distance = (e: { x: number; y: number }) => Math.hypot(e.x - self.x, e.y - self.y) / 16;
              for (const p of seen.players) expect(p).toEqual(server.players.find((q) => q.id === p.id));
              for (const p of server.players) {
                if (distance(p) <= AOI_ENTER_RADIUS_UNITS)
                  expect(seen.players.map((q) => q.id)).toContain(p.id);
                if (distance(p) > AOI_LEAVE_RADIUS_UNITS)
                  expect(seen.players.map((q) => q.id)).not.toContain(p.id);
              }
              viewer.newest = world.tick;
            }
            viewer.reports.push(viewer.newest);
          }
        }
      },
    ),
    { numRuns: 15 },
  );
}, 60_000); // a property over thousands of encodes: slow on a busy machine, never a timing target

test('an entity hovering at the edge does not flicker in and out', () => {
  const encoder = aoiDeltaSnapshot.createEncoder();
  const decoder = aoiDeltaSnapshot.createDecoder();
  const presence: boolean[] = [];
  for (let tick = 1; tick <= 40; tick++) {
    // the other player oscillates 20 units around the enter radius
    const edge = AOI_ENTER_RADIUS_UNITS - 10 + (tick % 2) * 20;
    encoder.beginSnapshot({
      tick,
      players: [
        { id: 1, x: 100, y: 1000, angle: 0, hp: 100, score: 0 },
        { id: 2, x: 100 + edge, y: 1000, angle: 0, hp: 100, score: 0 },
      ],
      projectiles: [],
    });
    const decoded = decoder.decode(tick, encoder.bodyFor({ playerId: 1, baselineTick: tick - 1 }));
    if (!decoded.ok) throw new Error(decoded.error.message);
    presence.push(decoded.value.players.some((p) => p.id === 2));
  }
  expect(presence[0]).toBe(false); // 710 units away: not yet entered
  expect(presence.slice(1).every(Boolean)).toBe(true); // entered at 690, then kept while within 800
});
