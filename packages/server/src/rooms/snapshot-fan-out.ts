import {
  attributeSnapshotBytes,
  type ByteAttribution,
  DEFAULT_SNAPSHOT_STRATEGY,
  encodeSnapshotMessage,
  findSnapshotStrategy,
  type SnapshotEncoder,
  type SnapshotViewer,
  snapshotMessageLength,
  type WorldView,
} from '@arena/protocol';
import type { RoomStats } from './room-stats';
import type { RoomConnection } from './room-types';

/** A seated player as the fan-out sees it: a viewer with a transport and an ack to report. */
export interface SnapshotTarget extends SnapshotViewer {
  readonly connection: RoomConnection;
  readonly inputs: { readonly lastAppliedSeq: number };
}

/**
 * A room's snapshots: one encoder for the room's strategy (bodies shared wherever the strategy
 * allows), the header with each player's own ack, and the recent worlds byte attribution reads.
 * The hot path of every snapshot tick: one body lookup and one frame write per player.
 */
export class SnapshotFanOut {
  private readonly encoder: SnapshotEncoder;
  /** The last snapshots' worlds, for byte attribution (a typical delta baseline is two back). */
  private readonly recentViews: WorldView[] = [];

  constructor(
    private readonly strategy: string,
    private readonly stats: RoomStats,
  ) {
    const found = findSnapshotStrategy(strategy) ?? findSnapshotStrategy(DEFAULT_SNAPSHOT_STRATEGY)!;
    this.encoder = found.createEncoder();
  }

  /** Sends the snapshot of `view` to every target, each with its own ack. */
  send(view: WorldView, targets: Iterable<SnapshotTarget>): void {
    this.encoder.beginSnapshot(view);
    this.recentViews.push(view);
    if (this.recentViews.length > 3) this.recentViews.shift();
    const tick = view.tick;
    for (const target of targets) {
      const body = this.encoder.bodyFor(target);
      const ackSeq = target.inputs.lastAppliedSeq;
      const connection = target.connection;
      this.stats.messagesOut++;
      if (connection.sendSnapshot !== undefined) {
        this.stats.bytesOut += snapshotMessageLength(tick, ackSeq, body.length);
        connection.sendSnapshot(tick, ackSeq, body);
      } else {
        const bytes = encodeSnapshotMessage(tick, ackSeq, body);
        this.stats.bytesOut += bytes.length;
        connection.send(bytes);
      }
      this.stats.snapshotsSent++;
    }
  }

  /** A player left or came back on a new connection: its delta history starts over. */
  forgetViewer(playerId: number): void {
    this.encoder.forgetViewer(playerId);
  }

  /** Where the snapshot bytes go, field by field (newest snapshot against two back). */
  byteAttribution(): ByteAttribution | undefined {
    const newest = this.recentViews.at(-1);
    if (newest === undefined) return undefined;
    return attributeSnapshotBytes(
      this.strategy,
      newest,
      this.recentViews.length >= 3 ? this.recentViews[0] : undefined,
    );
  }
}
