import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded random source for the simulation: the same seed gives the same match. */
export interface Rng {
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
}

export function createRng(seed: number): Rng {
  const generator = xoroshiro128plus(seed | 0);
  return { int: (min, max) => uniformInt(generator, min, max) };
}
