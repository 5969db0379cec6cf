/**
 * The version of the simulation's rules: how a world evolves from a seed and a sequence of inputs
 * (movement, spawns, spawn protection, shots, damage, respawns). A recording stores the version it
 * was played under, and only a build with the same version can re-simulate it tick for tick.
 *
 * Bump it with any change that alters that evolution; `rules-version.test.ts` pins the final state
 * hash of a scripted match, so such a change fails there until the version and the pinned hash are
 * updated together.
 */
export const SIM_RULES_VERSION = 2;
