import { encodeServerMessage, PROTOCOL_VERSION, type WelcomeMessage } from '@arena/protocol';
import type { World } from '../sim/world';

/** What a welcome says that its world does not. */
export type WelcomeFields = Omit<
  WelcomeMessage,
  'type' | 'protocolVersion' | 'arenaWidth' | 'arenaHeight' | 'walls' | 'serverTimeMs' | 'tick'
>;

/** A welcome into `world` (a live room's, or a replay's): its map and tick, the clock now, and `fields`. */
export function encodeWelcome(world: World, fields: WelcomeFields): Uint8Array {
  return encodeServerMessage({
    type: 'welcome',
    protocolVersion: PROTOCOL_VERSION,
    arenaWidth: world.map.width,
    arenaHeight: world.map.height,
    walls: world.map.walls,
    serverTimeMs: Date.now(),
    tick: world.tick,
    ...fields,
  });
}
