import type { GameEvent } from '@arena/protocol';

/**
 * A probe's shots, as the shooter saw them and as the server judged them. A shot is an input
 * with the trigger held once the fire cooldown (counted in inputs, one per tick, as the server
 * counts ticks) has passed since the last one; the shooter "saw it hit" when, in its own view at
 * that moment, the shot's ray met a player. The server's verdicts are its `hit` and `kill`
 * events naming this player as the shooter. Lag compensation is there to make the two agree.
 */
export class ShotLedger {
  private nextShotSeq = 0;
  shots = 0;
  seenHits = 0;
  grantedHits = 0;

  constructor(
    private readonly playerId: number,
    private readonly cooldownInputs: number,
  ) {}

  /** An input with the trigger held; `seenVictim` is whom the shooter saw the shot hit. Returns true when it is a shot. */
  fired(seq: number, seenVictim: number | undefined, isCounting: boolean): boolean {
    if (seq < this.nextShotSeq) return false;
    this.nextShotSeq = seq + this.cooldownInputs;
    if (!isCounting) return true;
    this.shots++;
    if (seenVictim !== undefined) this.seenHits++;
    return true;
  }

  /** The server's events: its hits and kills credited to this player. */
  events(events: readonly GameEvent[], isCounting: boolean): void {
    if (!isCounting) return;
    for (const event of events) {
      if (event.kind === 'hit' && event.shooterId === this.playerId) this.grantedHits++;
      else if (event.kind === 'kill' && event.killerId === this.playerId) this.grantedHits++;
    }
  }
}

/** Hits the server granted per hit the shooters saw; null when no shooter saw one. */
export function hitAccuracy(grantedHits: number, seenHits: number): number | null {
  return seenHits > 0 ? grantedHits / seenHits : null;
}
