import type { GameEvent } from '@arena/protocol';

/**
 * Something the own player should see or hear about once (a hit marker, a sound), as opposed to
 * state that is drawn every frame.
 */
export type ArenaCue =
  /** The own player pulled the trigger with the cooldown over. */
  | { readonly kind: 'fire' }
  /** An own projectile took hp off `victimId`. */
  | { readonly kind: 'hit'; readonly victimId: number }
  /** An own projectile killed `victimId`. */
  | { readonly kind: 'kill'; readonly victimId: number }
  /** The own player was hit and lives. */
  | { readonly kind: 'hurt' }
  /** The own player was killed. */
  | { readonly kind: 'death' }
  /** The own player is back. */
  | { readonly kind: 'respawn' };

/** Cues kept between two frames at most; a tab that draws nothing must not grow a backlog. */
const MAX_PENDING_CUES = 32;

/** Turns the room's events into the own player's cues, collected until the next frame takes them. */
export class ArenaCues {
  private pending: ArenaCue[] = [];

  constructor(private readonly selfId: number) {}

  /** One event of the room, as it arrives. */
  onEvent(event: GameEvent): void {
    switch (event.kind) {
      case 'hit':
        if (event.shooterId === this.selfId) this.push({ kind: 'hit', victimId: event.victimId });
        if (event.victimId === this.selfId) this.push({ kind: 'hurt' });
        break;
      case 'kill':
        if (event.killerId === this.selfId) this.push({ kind: 'kill', victimId: event.victimId });
        if (event.victimId === this.selfId) this.push({ kind: 'death' });
        break;
      case 'respawn':
        if (event.playerId === this.selfId) this.push({ kind: 'respawn' });
        break;
    }
  }

  fired(): void {
    this.push({ kind: 'fire' });
  }

  /** The cues since the last call, oldest first. */
  take(): readonly ArenaCue[] {
    if (this.pending.length === 0) return NO_CUES;
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  private push(cue: ArenaCue): void {
    // a spectator (player 0) has no shots, hits or deaths of its own
    if (this.selfId === 0) return;
    this.pending.push(cue);
    if (this.pending.length > MAX_PENDING_CUES) this.pending.shift();
  }
}

const NO_CUES: readonly ArenaCue[] = Object.freeze([]);
