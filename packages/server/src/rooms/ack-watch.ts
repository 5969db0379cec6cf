import type { RoomConnection } from './room-types';

/** A seated player as the ack watch sees it: what it acknowledged, and since when nothing newer. */
export interface AckWatched {
  readonly connection: RoomConnection;
  /** Newest snapshot tick the player reported receiving (what its inputs and acks say). */
  readonly baselineTick: number;
  /** Highest acknowledgement the watch has seen from this connection. */
  ackSeenTick: number;
  /** Room tick at which that acknowledgement was first seen (or the seat was taken). */
  ackSeenAtTick: number;
}

/**
 * Liveness from the game, not the heartbeat: a client that stops reading its socket can still
 * answer engine.io pings (they are tiny, and the kernel's buffers hide its backlog for a long
 * time), but it no longer acknowledges snapshots. Once a second of room ticks, this finds the
 * players whose acknowledged tick has not advanced for `ackTimeoutMs` of ticks the room ran (and
 * sent them snapshots in). Time is counted in ticks, so an event-loop stall, whose ticks the loop
 * skips, never counts against a client. No timer per player: one comparison per player a second.
 */
export class AckWatch {
  /** How many room ticks without a newer acknowledgement make a player stalled. */
  readonly timeoutTicks: number;
  private readonly sweepEveryTicks: number;
  private readonly reason: string;

  constructor(ackTimeoutMs: number, tickRateHz: number) {
    this.timeoutTicks = Math.ceil((ackTimeoutMs * tickRateHz) / 1000);
    this.reason = `no snapshot acknowledged for ${ackTimeoutMs / 1000} s`;
    this.sweepEveryTicks = Math.max(1, Math.round(tickRateHz));
  }

  /** A watch for `ackTimeoutMs`, or none when it is 0 (the check is off). */
  static forRoom(ackTimeoutMs: number, tickRateHz: number): AckWatch | undefined {
    return ackTimeoutMs > 0 ? new AckWatch(ackTimeoutMs, tickRateHz) : undefined;
  }

  /** A connection took the seat at `tick` (a join or a rejoin): its clock starts there. */
  static restart(member: AckWatched, tick: number): void {
    member.ackSeenTick = 0;
    member.ackSeenAtTick = tick;
  }

  /**
   * Called every room tick, after its snapshots: once a second of ticks, notes who acknowledged
   * something newer, and disconnects with SLOW_CONSUMER those who have not for `timeoutTicks`
   * (a connection that cannot be dropped, such as a seat kept for a rejoin, is left alone).
   * Returns how many were dropped.
   */
  sweep(tick: number, members: Iterable<AckWatched>): number {
    if (tick % this.sweepEveryTicks !== 0) return 0;
    const stalled: AckWatched[] = [];
    for (const member of members) {
      if (member.baselineTick > member.ackSeenTick) {
        member.ackSeenTick = member.baselineTick;
        member.ackSeenAtTick = tick;
      } else if (tick - member.ackSeenAtTick >= this.timeoutTicks) {
        stalled.push(member);
      }
    }
    // Dropped after the walk: a drop suspends the seat, which may free it at once.
    let dropped = 0;
    for (const member of stalled) {
      if (member.connection.dropSlowConsumer === undefined) continue;
      member.connection.dropSlowConsumer(this.reason);
      dropped++;
    }
    return dropped;
  }
}
