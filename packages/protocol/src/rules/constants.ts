/** Game rules shared by the server simulation and client prediction. Units: world units, ms, Hz. */

export const ARENA_WIDTH_UNITS = 2000;
export const ARENA_HEIGHT_UNITS = 2000;

export const PLAYER_RADIUS_UNITS = 16;
export const PLAYER_SPEED_UNITS_PER_S = 200;
export const PLAYER_MAX_HP = 100;
export const PLAYER_NAME_MAX_CHARS = 16;

export const PROJECTILE_SPEED_UNITS_PER_S = 900;
export const PROJECTILE_RADIUS_UNITS = 4;
export const PROJECTILE_LIFETIME_MS = 1000;
export const PROJECTILE_DAMAGE_HP = 25;
export const FIRE_COOLDOWN_MS = 250;
export const RESPAWN_DELAY_MS = 3000;
/**
 * After a spawn or respawn a player takes no damage for this long (projectiles that reach them are
 * absorbed): long enough to see where you are and move, short enough not to be abused.
 */
export const SPAWN_PROTECTION_MS = 1800;

export const TICK_RATE_MIN_HZ = 10;
export const TICK_RATE_MAX_HZ = 128;

/** Room ids: lower-case letters, digits and dashes; "any" is reserved for matchmaking. */
export const ROOM_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const ROOM_ID_MAX_CHARS = 32;
export const ANY_ROOM = 'any';

/** Inputs ahead of the last applied seq by more than this are treated as forged. */
export const INPUT_SEQ_MAX_JUMP = 1 << 16;
/** Seqs are unsigned 32-bit; a client starts at 1 and never wraps within a session. */
export const INPUT_SEQ_MAX = 0xffff_ffff;

/** Number of ticks that cover `ms` at `tickRateHz`, rounded up so a cooldown is never shorter. */
export function msToTicks(ms: number, tickRateHz: number): number {
  return Math.ceil((ms * tickRateHz) / 1000);
}
