import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Seat tokens let a player whose connection dropped take their seat back. A token is
 * `<room id>.<player id>.<secret>`: the room and player say where the seat is (both are public
 * anyway), the secret (16 random bytes, base64url) proves it is yours. The room keeps only the
 * current secret of each seat and replaces it on every welcome, so a token works once.
 */
export interface SeatClaim {
  readonly roomId: string;
  readonly playerId: number;
  readonly secret: string;
}

const SECRET_BYTES = 16;

/** A fresh, unguessable seat secret (22 base64url characters). */
export function createSeatSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export function formatSeatToken(roomId: string, playerId: number, secret: string): string {
  return `${roomId}.${playerId}.${secret}`;
}

/** Splits a token (already shape-checked by the protocol) into its parts; undefined if malformed. */
export function parseSeatToken(token: string): SeatClaim | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [roomId, id, secret] = parts as [string, string, string];
  const playerId = Number(id);
  if (roomId === '' || secret === '' || !Number.isSafeInteger(playerId) || playerId < 1) return undefined;
  return { roomId, playerId, secret };
}

/** Constant-time comparison, so response timing says nothing about how much of a secret matched. */
export function isSameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
