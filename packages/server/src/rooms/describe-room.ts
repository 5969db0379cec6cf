import { isPerfectNetwork, type NetworkConditions, profileNameOf } from '@arena/protocol';
import type { RoomConfig, RoomInfo } from './room-types';

/** A live room as GET /api/rooms and the lobby list it. */
export function describeRoom(config: RoomConfig, players: number, away = 0, bots = 0): RoomInfo {
  const { id, mode, maxPlayers, tickRateHz, snapshotRateHz, strategy, maxRewindMs, network, isRecorded } =
    config;
  return {
    id,
    mode,
    players,
    away,
    maxPlayers,
    tickRateHz,
    snapshotRateHz,
    strategy,
    lagCompensation: maxRewindMs > 0,
    network: networkLabel(network),
    recording: isRecorded,
    minFighters: config.minFighters ?? 0,
    ...(bots > 0 ? { bots } : {}),
  };
}

/** How a room's simulated network is named: a profile's name, "custom", or "none". */
function networkLabel(network: NetworkConditions | undefined): string {
  if (network === undefined || isPerfectNetwork(network)) return 'none';
  return profileNameOf(network) ?? 'custom';
}
