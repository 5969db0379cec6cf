import { formatSeatToken } from '../security/seat-token';
import type { World } from '../sim/world';
import { encodeWelcome } from './encode-welcome';
import type { RoomConfig } from './room-types';

/** Someone seated in a live room, as its welcome lists them. */
export interface WelcomedSeat {
  readonly playerId: number;
  readonly name: string;
}

/** Who a player's welcome is for, and who it lists. */
export interface PlayerWelcomeFields {
  readonly playerId: number;
  /** Secret of the seat token the welcome carries (the seat's newest). */
  readonly seatSecret: string;
  readonly players: Iterable<WelcomedSeat>;
  readonly bots: Iterable<WelcomedSeat>;
}

/**
 * A live room's welcome for one player (on a join or a rejoin): the room's settings, everyone
 * seated with the bots marked, and the seat token that takes this seat back after a drop.
 */
export function encodePlayerWelcome(
  world: World,
  config: RoomConfig,
  fields: PlayerWelcomeFields,
): Uint8Array {
  const { id: roomId, tickRateHz, snapshotRateHz, strategy, mode } = config;
  const { playerId, seatSecret, players, bots } = fields;
  return encodeWelcome(world, {
    playerId,
    roomId,
    tickRateHz,
    snapshotRateHz,
    strategy,
    mode,
    players: [
      ...[...players].map(({ playerId: id, name }) => ({ id, name })),
      ...[...bots].map(({ playerId: id, name }) => ({ id, name, bot: true as const })),
    ],
    seatToken: formatSeatToken(roomId, playerId, seatSecret),
  });
}
