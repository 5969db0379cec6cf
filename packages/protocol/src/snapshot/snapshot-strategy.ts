import type { Result } from '../errors';
import type { WorldView } from './world-view';

/** The receiving end of a snapshot, as far as an encoder needs to know it. */
export interface SnapshotViewer {
  readonly playerId: number;
  /**
   * Tick of the newest snapshot this viewer reported receiving (the input's `lastSnapshotTick`),
   * 0 for none. Delta strategies encode against it; stateless ones ignore it.
   */
  readonly baselineTick: number;
}

/**
 * Server side, one per room. `beginSnapshot` takes the authoritative world once per snapshot
 * (shared work belongs there); `bodyFor` returns one viewer's body. Viewers that would get the
 * same bytes get the same buffer, so a broadcast costs one encode, not one per client.
 */
export interface SnapshotEncoder {
  beginSnapshot(world: WorldView): void;
  bodyFor(viewer: SnapshotViewer): Uint8Array;
  forgetViewer(playerId: number): void;
}

/** Client side, one per connection: turns each body back into the world it describes. */
export interface SnapshotDecoder {
  decode(tick: number, body: Uint8Array): Result<WorldView>;
}

/** A way of writing snapshots. Both ends pick the same one by name (sent in the welcome). */
export interface SnapshotStrategy {
  readonly name: string;
  createEncoder(): SnapshotEncoder;
  createDecoder(): SnapshotDecoder;
}
