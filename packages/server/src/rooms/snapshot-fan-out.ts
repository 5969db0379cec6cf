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
import type { LoopClock } from '../loop/fixed-tick-loop';
import type { RoomStats } from './room-stats';
import type { RoomConnection } from './room-types';

/** A seated player as the fan-out sees it: a viewer with a transport and an ack to report. */
export interface SnapshotTarget extends SnapshotViewer {
  readonly connection: RoomConnection;
  readonly inputs: { readonly lastAppliedSeq: number };
}

/** Longest stretch of a fan-out before it lets the event loop serve the I/O that waits, ms. */
export const FAN_OUT_SLICE_MS = 0.5;
/** Targets sent between two looks at the clock. */
const TARGETS_PER_CLOCK_READ = 16;

/** A snapshot still being sent: where the fan-out stands, and what it has cost so far. */
interface FanOutInProgress {
  readonly targets: Iterator<SnapshotTarget>;
  readonly tick: number;
  spentMs: number;
  readonly onFinished: (spentMs: number) => void;
}

/**
 * A room's snapshots: one encoder for the room's strategy (bodies shared wherever the strategy
 * allows), the header with each player's own ack, and the recent worlds byte attribution reads.
 * The hot path of every snapshot tick: one body lookup and one frame write per player.
 *
 * With a clock that defers (the real one), a fan-out longer than FAN_OUT_SLICE_MS goes out in
 * slices, the event loop serving whatever I/O came in between (an HTTP request, a handshake), so
 * that nothing waits for a whole room's fan-out: at N=200 it is about 2 ms of one thread.
 */
export class SnapshotFanOut {
  private readonly encoder: SnapshotEncoder;
  /** The last snapshots' worlds, for byte attribution (a typical delta baseline is two back). */
  private readonly recentViews: WorldView[] = [];

  private inProgress: FanOutInProgress | undefined;

  constructor(
    private readonly strategy: string,
    private readonly stats: RoomStats,
    private readonly clock?: LoopClock,
  ) {
    const found = findSnapshotStrategy(strategy) ?? findSnapshotStrategy(DEFAULT_SNAPSHOT_STRATEGY)!;
    this.encoder = found.createEncoder();
  }

  /** True while a snapshot is still going out in slices. */
  get isSending(): boolean {
    return this.inProgress !== undefined;
  }

  /**
   * Sends the snapshot of `view` to every target, each with its own ack. Returns once it is sent,
   * or once its first slice is (`isSending`): the rest follows in later slices, and `onFinished`
   * gets their cost when the last one is sent. A snapshot still in progress is finished first.
   */
  send(
    view: WorldView,
    targets: Iterable<SnapshotTarget>,
    onFinished: (spentMs: number) => void = () => {},
  ): void {
    this.finishInProgress();
    this.encoder.beginSnapshot(view);
    this.recentViews.push(view);
    if (this.recentViews.length > 3) this.recentViews.shift();
    const inProgress = { targets: targets[Symbol.iterator](), tick: view.tick, spentMs: 0, onFinished };
    if (!this.sendSlice(inProgress, true)) this.inProgress = inProgress;
  }

  /**
   * Sends to targets until they run out (true) or, with a deferring clock, until the slice has
   * taken FAN_OUT_SLICE_MS (false: the next slice is deferred).
   */
  private sendSlice(inProgress: FanOutInProgress, isFirst: boolean): boolean {
    const clock = this.clock;
    const mayDefer = clock?.defer !== undefined;
    const startedMs = mayDefer ? clock!.now() : 0;
    let sent = 0;
    for (;;) {
      const next = inProgress.targets.next();
      if (next.done === true) {
        if (!isFirst) inProgress.onFinished(inProgress.spentMs + clock!.now() - startedMs);
        return true;
      }
      this.sendTo(next.value, inProgress.tick);
      if (mayDefer && ++sent % TARGETS_PER_CLOCK_READ === 0) {
        const elapsedMs = clock!.now() - startedMs;
        if (elapsedMs >= FAN_OUT_SLICE_MS) {
          if (!isFirst) inProgress.spentMs += elapsedMs;
          clock!.defer!(() => {
            if (this.inProgress !== inProgress) return;
            if (this.sendSlice(inProgress, false)) this.inProgress = undefined;
          });
          return false;
        }
      }
    }
  }

  /** Sends the rest of a snapshot still in progress, now. */
  private finishInProgress(): void {
    const inProgress = this.inProgress;
    if (inProgress === undefined) return;
    this.inProgress = undefined;
    const startedMs = this.clock?.now() ?? 0;
    for (let next = inProgress.targets.next(); next.done !== true; next = inProgress.targets.next()) {
      this.sendTo(next.value, inProgress.tick);
    }
    inProgress.onFinished(inProgress.spentMs + (this.clock?.now() ?? 0) - startedMs);
  }

  private sendTo(target: SnapshotTarget, tick: number): void {
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
