import type { NetStats, ServerClock } from '@arena/netcode';
import type { PongMessage } from '@arena/protocol';
import type { ArenaConnection } from './arena-connection';

/** Pings for the RTT and the server clock estimate go out this often. */
export const PING_INTERVAL_MS = 1000;

/**
 * Keeps the server clock estimate fed for the whole session: a ping every PING_INTERVAL_MS
 * (lobby and rooms alike), each pong into the ServerClock and the net graph's RTT line.
 */
export class ClockSync {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly connection: ArenaConnection,
    private readonly clock: ServerClock,
    private readonly stats: NetStats,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.ping(), PING_INTERVAL_MS);
  }

  /** Sends one ping now (also on every new connection, so the estimate is there at once). */
  ping(): void {
    this.connection.send({ type: 'ping', clientTimeMs: Math.floor(performance.now()) >>> 0 });
  }

  onPong(message: PongMessage, nowMs: number): void {
    // `ct` is the ping's send time in whole ms, modulo 2^32.
    const rttMs = (Math.floor(nowMs) - message.clientTimeMs) >>> 0;
    this.clock.observePong(nowMs - rttMs, message.serverTimeMs, nowMs);
    this.stats.recordRtt(this.clock.latestRttMs);
  }
}
