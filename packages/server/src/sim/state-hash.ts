import { createHash } from 'node:crypto';
import type { World } from './world';

/**
 * SHA-256 of everything that decides the future of a world: tick, every player's full state and
 * every projectile, as exact float64 values in id order. Two worlds with equal hashes evolve the
 * same way under the same inputs.
 */
export function hashWorld(world: World): string {
  const numbers: number[] = [world.tick];
  for (const p of world.playerStates()) {
    numbers.push(
      p.id,
      p.x,
      p.y,
      p.angle,
      p.hp,
      p.score,
      p.deaths,
      p.respawnTick,
      p.nextFireTick,
      p.vulnerableFromTick,
    );
  }
  for (const p of world.projectileStates()) {
    numbers.push(p.id, p.ownerId, p.x, p.y, p.vx, p.vy, p.angle, p.expiresTick);
  }
  const hash = createHash('sha256').update(new Uint8Array(Float64Array.from(numbers).buffer));
  for (const p of world.playerStates()) hash.update(p.name);
  return hash.digest('hex');
}
