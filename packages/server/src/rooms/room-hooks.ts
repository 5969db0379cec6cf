import type { Position } from '@arena/protocol';
import type { AppliedInput } from '../sim/world-state';
import type { RoomConfig } from './room-types';

/** The world as the tick just stepped left it. */
export interface SteppedWorld {
  /** SHA-256 of the simulation state: a hash of the whole world, so only a hook that needs it asks. */
  stateHash(): string;
}

/**
 * Follows one room's match as it is played (a match recording is one): seat changes, each tick's
 * applied inputs, the end. A room calls it only when it was given one, so a room nobody
 * follows pays nothing per tick.
 */
export interface RoomHooks {
  /** A seat was taken; `spawnAt` when the room placed the player itself (a server bot), else the world drew a spawn point. */
  playerJoined(playerId: number, name: string, spawnAt?: Position): void;
  playerLeft(playerId: number): void;
  /** After each step, with the inputs it applied (by player id). */
  ticked(tick: number, inputs: ReadonlyMap<number, readonly AppliedInput[]>, world: SteppedWorld): void;
  /** The room closed: nothing follows. */
  closed(): void;
}

/** Opens the hooks of one room as it is created (the composition root registers one for recordings). */
export type RoomHooksFactory = (config: RoomConfig) => RoomHooks;
