import { type GameEvent, SPAWN_PROTECTION_MS } from '@arena/protocol';

/**
 * Which players are inside their spawn protection, as far as this client can tell: the server
 * protects a player for SPAWN_PROTECTION_MS after a join or a respawn, and sends those as events
 * (snapshots do not carry it) to everyone, the joining player included; a rejoin (same seat, no
 * new spawn) sends none. Times are this client's, from when the event arrived.
 */
export class SpawnShields {
  private readonly untilMs = new Map<number, number>();

  onEvent(event: GameEvent, nowMs: number): void {
    switch (event.kind) {
      case 'join':
      case 'respawn':
        this.untilMs.set(event.playerId, nowMs + SPAWN_PROTECTION_MS);
        break;
      case 'leave':
        this.untilMs.delete(event.playerId);
        break;
    }
  }

  /** Share of the protection left for `playerId` at `nowMs`: 1 just after the spawn, 0 when none. */
  remaining(playerId: number, nowMs: number): number {
    const until = this.untilMs.get(playerId);
    if (until === undefined) return 0;
    if (nowMs >= until) {
      this.untilMs.delete(playerId);
      return 0;
    }
    return (until - nowMs) / SPAWN_PROTECTION_MS;
  }
}
