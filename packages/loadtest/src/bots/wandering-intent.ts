import type { InputIntent } from '@arena/protocol';

const TURN = 2 * Math.PI;

/**
 * What a bot's inputs ask for, as SCENARIO.md and the peers' bots do: run one way, turning about
 * once a second, wobble the aim every input and fire in bursts.
 */
export class WanderingIntent {
  private heading = Math.random() * TURN;
  private aimPhase = Math.random() * TURN;
  private isFiring = false;

  constructor(private readonly tickHz: number) {}

  /** Moves on by one input (one tick period). */
  step(): void {
    const tickHz = this.tickHz;
    if (Math.random() < 1 / tickHz) this.heading = Math.random() * TURN; // turn about once a second
    if (Math.random() < 2 / tickHz) this.isFiring = !this.isFiring; // bursts of about half a second
    this.aimPhase += 0.2; // the aim wobbles every input, so every player changes every tick
  }

  /** The intent of the input being sent now. */
  intent(): InputIntent {
    return {
      moveX: Math.cos(this.heading),
      moveY: Math.sin(this.heading),
      aim: this.heading + 0.3 * Math.sin(this.aimPhase),
      fire: this.isFiring,
    };
  }
}
