// `pnpm bench:encode [N] [TICKS]`: snapshot encoding and decoding cost per strategy, without any
// I/O. N players random-walk at 200 units/s in the 2000 x 2000 arena of ../shared/bench/SCENARIO.md,
// each viewer acknowledges the previous snapshot (one tick of latency); prints the encoder's time
// per client per tick (beginSnapshot + every bodyFor), the body bytes per client per tick, and
// one client's time to decode its snapshot (what every game client and observer bot pays).
import { SNAPSHOT_STRATEGIES, type WorldView } from '@arena/protocol';

const players = Number(process.argv[2] ?? 200);
const ticks = Number(process.argv[3] ?? 600);
const ARENA_UNITS = 2000;
const SPEED_UNITS_PER_TICK = 200 / 60;

/** A seeded walk, so every strategy encodes the same match. */
function* match(): Generator<WorldView> {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const walkers = Array.from({ length: players }, (_unused, i) => ({
    id: i + 1,
    x: random() * ARENA_UNITS,
    y: random() * ARENA_UNITS,
    angle: random() * 2 * Math.PI,
    vx: random() * 2 - 1,
    vy: random() * 2 - 1,
  }));
  const clamp = (v: number) => Math.min(ARENA_UNITS, Math.max(0, v));
  for (let tick = 1; tick <= ticks; tick++) {
    for (const w of walkers) {
      if (random() < 0.02) {
        w.vx = random() * 2 - 1;
        w.vy = random() * 2 - 1;
      }
      w.x = clamp(w.x + w.vx * SPEED_UNITS_PER_TICK);
      w.y = clamp(w.y + w.vy * SPEED_UNITS_PER_TICK);
      w.angle = (w.angle + 0.05) % (2 * Math.PI);
    }
    yield {
      tick,
      players: walkers.map(({ id, x, y, angle }) => ({ id, x, y, angle, hp: 100, score: 0 })),
      projectiles: [],
    };
  }
}

for (const [name, strategy] of SNAPSHOT_STRATEGIES) {
  const encoder = strategy.createEncoder();
  const viewers = Array.from({ length: players }, (_unused, i) => ({ playerId: i + 1, baselineTick: 0 }));
  const decoder = strategy.createDecoder();
  let elapsedMs = 0;
  let decodeMs = 0;
  let bytes = 0;
  for (const world of match()) {
    const started = performance.now();
    encoder.beginSnapshot(world);
    let firstBody: Uint8Array | undefined;
    for (const viewer of viewers) {
      const body = encoder.bodyFor(viewer);
      firstBody ??= body;
      bytes += body.length;
    }
    elapsedMs += performance.now() - started;
    for (const viewer of viewers) viewer.baselineTick = world.tick;
    const decodeStarted = performance.now();
    const decoded = decoder.decode(world.tick, firstBody!);
    decodeMs += performance.now() - decodeStarted;
    if (!decoded.ok) throw new Error(`${name}: ${decoded.error.message}`);
  }
  const perClientTick = (elapsedMs * 1000) / ticks / players;
  console.log(
    `${name.padEnd(10)} N=${players}  ${perClientTick.toFixed(2)} µs/client/tick  ${(bytes / ticks / players).toFixed(1)} B/client/tick  decode ${((decodeMs * 1000) / ticks).toFixed(1)} µs/snapshot`,
  );
}
