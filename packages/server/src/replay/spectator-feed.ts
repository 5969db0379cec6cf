import {
  attributeSnapshotBytes,
  type ByteAttribution,
  encodeSnapshotMessage,
  findSnapshotStrategy,
  type SnapshotEncoder,
  type WorldView,
} from '@arena/protocol';
import type { RoomMember, RoomMembers } from '../rooms/room-members';

/** A spectator of a replay: someone in the room with no entity in the world. */
export interface Spectator extends RoomMember {
  /** The snapshot encoder's key: negative, so it never names a player of the recording. */
  readonly viewerId: number;
}

/**
 * What spectators of a replay see: snapshots of the replayed world in one strategy, every body a
 * keyframe (spectators send no inputs, so they never acknowledge one).
 */
export class SpectatorFeed {
  readonly strategy: string;
  private readonly encoder: SnapshotEncoder;
  /** The newest snapshot's world, for byte attribution. */
  private lastView: WorldView | undefined;

  /** `strategy` is the server's default; an unknown name falls back to `full`. */
  constructor(strategy: string) {
    const found = findSnapshotStrategy(strategy) ?? findSnapshotStrategy('full')!;
    this.strategy = found.name;
    this.encoder = found.createEncoder();
  }

  /** Starts a spectator's timeline over: `welcome`, then a keyframe of `view`. */
  greet(spectator: Spectator, welcome: Uint8Array, view: WorldView): void {
    this.encoder.forgetViewer(spectator.viewerId);
    spectator.connection.send(welcome);
    // Tick 0 is before anyone joined (an empty world); and a snapshot of tick 0 would put tick 0,
    // which viewers report as "no baseline", into delta encoders' history.
    if (view.tick === 0) return;
    this.lastView = view;
    this.encoder.beginSnapshot(view);
    this.sendKeyframe(spectator, view.tick);
  }

  /** Sends every spectator a keyframe of `view`. */
  send(view: WorldView, spectators: RoomMembers<Spectator>): void {
    this.lastView = view;
    if (spectators.size === 0) return;
    this.encoder.beginSnapshot(view);
    for (const spectator of spectators.values()) this.sendKeyframe(spectator, view.tick);
  }

  /** A spectator left: the encoder forgets it. */
  forget(spectator: Spectator): void {
    this.encoder.forgetViewer(spectator.viewerId);
  }

  /** Where the snapshot bytes go: keyframes, which is what spectators get. */
  byteAttribution(): ByteAttribution | undefined {
    return this.lastView === undefined ? undefined : attributeSnapshotBytes(this.strategy, this.lastView);
  }

  private sendKeyframe(spectator: Spectator, tick: number): void {
    const body = this.encoder.bodyFor({ playerId: spectator.viewerId, baselineTick: 0 });
    spectator.connection.send(encodeSnapshotMessage(tick, 0, body));
  }
}
