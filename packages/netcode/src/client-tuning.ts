import { PLAYER_SPEED_UNITS_PER_S } from '@arena/protocol';

/** Interpolation runs this many snapshot periods behind the newest arrivals unless configured. */
export const INTERP_DELAY_SNAPSHOTS = 2;
/** Longest extrapolation past the newest snapshot before others freeze in place. */
export const MAX_EXTRAPOLATION_MS = 250;

/**
 * The shortest move between two snapshots that is a teleport (a respawn) rather than a glide:
 * anything faster than twice a player's speed, and at least 64 units.
 */
export function teleportDistanceUnits(snapshotPeriodMs: number): number {
  return Math.max(64, (PLAYER_SPEED_UNITS_PER_S * 2 * snapshotPeriodMs) / 1000);
}
