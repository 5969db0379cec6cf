import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ErrorCode } from '../errors';
import { DELTA_HISTORY_SNAPSHOTS, deltaSnapshot } from './delta-snapshot';
import { DELTA_ANGLE_STEPS, quantizeWorld } from './quantized-world';
import { SNAPSHOT_STRATEGIES } from './strategies';
import type { PlayerView, ProjectileView, WorldView } from './world-view';

/** A random walk of worlds: entities move (sometimes teleport), join, leave, get hurt and score. */
const worldSequence = fc
  .record({
    seed: fc.integer(),
    ticks: fc.integer({ min: 5, max: 120 }),
    maxPlayers: fc.integer({ min: 0, max: 24 }),
  })
  .map(({ seed, ticks, maxPlayers }) => {
    let state = seed >>> 0 || 1;
    const random = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 2 ** 32;
    };
    let nextId = 1;
    let players: PlayerView[] = [];
    let projectiles: ProjectileView[] = [];
    const worlds: WorldView[] = [];
    for (let tick = 1; tick <= ticks; tick++) {
      players = players
        .filter(() => random() > 0.03)
        .map((p) => {
          const teleport = random() < 0.02;
          return {
            ...p,
            x: teleport ? random() * 2000 : Math.min(2000, Math.max(0, p.x + (random() - 0.5) * 12)),
            y: teleport ? random() * 2000 : Math.min(2000, Math.max(0, p.y + (random() - 0.5) * 12)),
            angle: random() < 0.9 ? p.angle + (random() - 0.5) * 0.4 : random() * 6 - 3,
            hp: random() < 0.05 ? Math.floor(random() * 101) : p.hp,
            score: random() < 0.03 ? p.score + 1 : p.score,
          };
        })
        .map((p) => ({ ...p, angle: Math.atan2(Math.sin(p.angle), Math.cos(p.angle)) }));
      while (players.length < maxPlayers && random() < 0.3) {
        players.push({ id: nextId++, x: random() * 2000, y: random() * 2000, angle: 0, hp: 100, score: 0 });
      }
      projectiles = projectiles
        .filter(() => random() > 0.1)
        .map((p) => ({ ...p, x: Math.min(2000, p.x + 15), y: Math.max(0, p.y - 3) }));
      if (random() < 0.3)
        projectiles.push({ id: nextId++, x: random() * 2000, y: random() * 2000, angle: random() * 6 - 3 });
      worlds.push({ tick, players: [...players].sort((a, b) => a.id - b.id), projectiles: [...projectiles] });
    }
    return worlds;
  });

const network = fc.record({
  lossRate: fc.double({ min: 0, max: 0.6, noNaN: true }),
  ackDelayTicks: fc.integer({ min: 0, max: 8 }),
  joinAtTick: fc.integer({ min: 0, max: 40 }),
  lossSeed: fc.integer(),
});

describe('delta strategy', () => {
  test('for any world sequence, loss pattern, ack delay and join time, the client decodes exactly the quantised server state', () => {
    fc.assert(
      fc.property(worldSequence, network, (worlds, { lossRate, ackDelayTicks, joinAtTick, lossSeed }) => {
        const encoder = deltaSnapshot.createEncoder();
        const decoder = deltaSnapshot.createDecoder();
        let lossState = lossSeed >>> 0 || 7;
        const lost = () => {
          lossState = (lossState * 1103515245 + 12345) >>> 0;
          return lossState / 2 ** 32 < lossRate;
        };
        const reports: number[] = []; // the client's "newest received" report, as the server sees it later
        let newestReceived = 0;
        for (const world of worlds) {
          encoder.beginSnapshot(world);
          if (world.tick < joinAtTick) continue;
          const seenByServer =
            reports.length > ackDelayTicks ? reports[reports.length - 1 - ackDelayTicks]! : 0;
          const body = encoder.bodyFor({ playerId: 1, baselineTick: seenByServer });
          if (!lost()) {
            const decoded = decoder.decode(world.tick, body);
            expect(decoded.ok).toBe(true);
            if (!decoded.ok) return;
            expect(quantizeWorld(decoded.value)).toEqual(quantizeWorld(world));
            newestReceived = world.tick;
          }
          reports.push(newestReceived);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('decoded values are within the documented precision of the server floats', () => {
    const world: WorldView = {
      tick: 9,
      players: [{ id: 3, x: 1234.5678, y: 0.01, angle: 2.5, hp: 42, score: 7 }],
      projectiles: [{ id: 8, x: 10.03, y: 1999.99, angle: -1 }],
    };
    const encoder = deltaSnapshot.createEncoder();
    encoder.beginSnapshot(world);
    const decoded = deltaSnapshot
      .createDecoder()
      .decode(9, encoder.bodyFor({ playerId: 1, baselineTick: 0 }));
    if (!decoded.ok) throw new Error(decoded.error.message);
    const [p] = decoded.value.players;
    expect(Math.abs(p!.x - 1234.5678)).toBeLessThanOrEqual(1 / 32);
    expect(Math.abs(p!.y - 0.01)).toBeLessThanOrEqual(1 / 32);
    expect(Math.abs(p!.angle - 2.5)).toBeLessThanOrEqual(Math.PI / DELTA_ANGLE_STEPS);
    expect([p!.hp, p!.score]).toEqual([42, 7]);
  });

  test('viewers on the same baseline share one buffer; a keyframe is sent for no or too-old baselines', () => {
    const encoder = deltaSnapshot.createEncoder();
    const world = (tick: number): WorldView => ({
      tick,
      players: [{ id: 1, x: tick, y: 5, angle: 0, hp: 100, score: 0 }],
      projectiles: [],
    });
    for (let tick = 1; tick <= 10; tick++) encoder.beginSnapshot(world(tick));
    expect(encoder.bodyFor({ playerId: 1, baselineTick: 9 })).toBe(
      encoder.bodyFor({ playerId: 2, baselineTick: 9 }),
    );
    const keyframe = encoder.bodyFor({ playerId: 3, baselineTick: 0 });
    expect(encoder.bodyFor({ playerId: 4, baselineTick: 12345 })).toBe(keyframe); // never sent: keyframe
    for (let tick = 11; tick <= 10 + DELTA_HISTORY_SNAPSHOTS + 1; tick++) encoder.beginSnapshot(world(tick));
    const tooOld = encoder.bodyFor({ playerId: 5, baselineTick: 1 });
    expect(tooOld[0]! >> 7).toBe(1); // baseline age ue(0) = 0 is a single 1 bit: a keyframe
  });

  test('a client missing the baseline gets a fault and recovers with the next keyframe', () => {
    const encoder = deltaSnapshot.createEncoder();
    const decoder = deltaSnapshot.createDecoder();
    const w1: WorldView = {
      tick: 1,
      players: [{ id: 1, x: 1, y: 1, angle: 0, hp: 100, score: 0 }],
      projectiles: [],
    };
    const w2: WorldView = {
      tick: 2,
      players: [{ id: 1, x: 2, y: 1, angle: 0, hp: 100, score: 0 }],
      projectiles: [],
    };
    encoder.beginSnapshot(w1);
    encoder.beginSnapshot(w2);
    const fault = decoder.decode(2, encoder.bodyFor({ playerId: 1, baselineTick: 1 }));
    expect(fault.ok).toBe(false);
    expect(!fault.ok && fault.error.code).toBe(ErrorCode.BAD_MESSAGE);
    const recovered = decoder.decode(2, encoder.bodyFor({ playerId: 1, baselineTick: 0 }));
    expect(recovered.ok && recovered.value.players[0]!.x).toBe(2);
  });

  test('a moving crowd costs under 6.4 bytes per player per snapshot', () => {
    // the reference scenario: every player moves 200 units/s at 60 Hz and wobbles its aim every tick
    const players = Array.from({ length: 200 }, (_, i) => ({
      id: i + 1,
      heading: i,
      x: 1000,
      y: 1000,
      phase: i,
    }));
    const encoder = deltaSnapshot.createEncoder();
    let bytes = 0;
    let snapshots = 0;
    for (let tick = 1; tick <= 120; tick++) {
      for (const p of players) {
        p.x += Math.cos(p.heading) * (200 / 60);
        p.y += Math.sin(p.heading) * (200 / 60);
        p.phase += 0.2;
      }
      encoder.beginSnapshot({
        tick,
        players: players.map((p) => ({
          id: p.id,
          x: p.x,
          y: p.y,
          angle: p.heading + 0.3 * Math.sin(p.phase),
          hp: 100,
          score: 0,
        })),
        projectiles: [],
      });
      if (tick > 2) {
        bytes += encoder.bodyFor({ playerId: 1, baselineTick: tick - 2 }).length; // acked two ticks back
        snapshots++;
      }
    }
    const perPlayer = bytes / snapshots / players.length;
    expect(perPlayer).toBeLessThan(6.4);
    expect(perPlayer).toBeGreaterThan(2); // sanity: every player really changed
  });

  test('corrupt bodies are BAD_MESSAGE faults or well-formed worlds, never throws, and leave the decoder working', () => {
    const worldAt = (tick: number): WorldView => ({
      tick,
      players: [
        { id: 1, x: 100 + tick, y: 200, angle: 0.5, hp: 90, score: 1 },
        { id: 2, x: 300, y: 400 - tick, angle: -1, hp: 100, score: 0 },
      ],
      projectiles: [{ id: 7, x: 500 + 15 * tick, y: 600, angle: 0.25 }],
    });
    // real bodies with bytes flipped or cut off reach deeper than random bytes alone
    const mutated = fc
      .record({
        isDelta: fc.boolean(),
        flips: fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { maxLength: 4 }),
        cut: fc.nat(),
      })
      .map(({ isDelta, flips, cut }) => {
        const encoder = deltaSnapshot.createEncoder();
        encoder.beginSnapshot(worldAt(4));
        encoder.beginSnapshot(worldAt(5));
        const body = Uint8Array.from(encoder.bodyFor({ playerId: 1, baselineTick: isDelta ? 4 : 0 }));
        for (const { at, xor } of flips) body[at % body.length] = body[at % body.length]! ^ xor;
        return body.subarray(0, body.length - (cut % 3));
      });
    const outcomes = { faults: 0, worlds: 0 };
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), mutated), (bytes) => {
        const encoder = deltaSnapshot.createEncoder();
        const decoder = deltaSnapshot.createDecoder();
        encoder.beginSnapshot(worldAt(4));
        expect(decoder.decode(4, encoder.bodyFor({ playerId: 1, baselineTick: 0 })).ok).toBe(true);
        const result = decoder.decode(5, bytes);
        if (result.ok) {
          outcomes.worlds++;
          expect(result.value.tick).toBe(5);
          for (const entity of [...result.value.players, ...result.value.projectiles]) {
            expect(Number.isInteger(entity.id) && entity.id >= 0).toBe(true);
            for (const value of Object.values(entity)) expect(Number.isFinite(value)).toBe(true);
          }
        } else {
          outcomes.faults++;
          expect(result.error.code).toBe(ErrorCode.BAD_MESSAGE);
        }
        // whatever tick 5 was, a delta against tick 4 still decodes to the server's world
        encoder.beginSnapshot(worldAt(6));
        const next = decoder.decode(6, encoder.bodyFor({ playerId: 1, baselineTick: 4 }));
        expect(next.ok && quantizeWorld(next.value)).toEqual(quantizeWorld(worldAt(6)));
      }),
      { numRuns: 3000 },
    );
    // both ways were taken: the property was not true of nothing
    expect(outcomes.faults).toBeGreaterThan(100);
    expect(outcomes.worlds).toBeGreaterThan(100);
  });
});

test('every strategy round-trips a world (full, delta, delta+aoi)', () => {
  expect([...SNAPSHOT_STRATEGIES.keys()]).toEqual(['full', 'delta', 'delta+aoi']);
  const world: WorldView = {
    tick: 4,
    players: [
      { id: 1, x: 100, y: 200, angle: 1, hp: 50, score: 2 },
      { id: 2, x: 300, y: 400, angle: -2, hp: 0, score: 0 },
    ],
    projectiles: [{ id: 9, x: 500, y: 600, angle: 0.5 }],
  };
  for (const strategy of SNAPSHOT_STRATEGIES.values()) {
    const encoder = strategy.createEncoder();
    encoder.beginSnapshot(world);
    const decoded = strategy.createDecoder().decode(4, encoder.bodyFor({ playerId: 1, baselineTick: 0 }));
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect(quantizeWorld(decoded.value)).toEqual(quantizeWorld(world));
  }
});
