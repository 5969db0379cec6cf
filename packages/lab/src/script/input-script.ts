import type { ArenaMap } from '@arena/protocol';

/** One scripted input: what a bot's k-th input says, whatever the network did meanwhile. */
export interface ScriptedInput {
  /** -1..1 each; zero while the bot stands. */
  readonly moveX: number;
  readonly moveY: number;
  /** Radians. */
  readonly aim: number;
  readonly fire: boolean;
}

/** A player as the probe draws it: its own predicted position, others interpolated. */
export interface SeenPlayer {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly hp: number;
}

/** What a probe sees when it produces an input (scripts that react to the game read it). */
export interface ScriptView {
  readonly map: ArenaMap;
  readonly self: SeenPlayer;
  /** Every other player, where the probe draws it now. */
  readonly others: readonly SeenPlayer[];
}

/**
 * Where a probe's inputs come from: the k-th input, by sequence number. Asked once per seq, in
 * order; `view` is what the probe drew last (undefined before its first frame).
 */
export interface InputSource {
  at(seq: number, view?: ScriptView): ScriptedInput;
}

/** Longest a heading is kept, in inputs (ticks), before the script picks another. */
const SEGMENT_MAX_S = 1.4;
const SEGMENT_MIN_S = 0.3;
/** Share of segments in which the bot stands still: stops and starts are what interpolation finds hardest. */
const STAND_SHARE = 0.2;

/** A seeded xorshift32 stream: the same seed gives the same numbers on every machine. */
export function stream(seed: number): () => number {
  let state = seed >>> 0 || 0x2545f491;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Mixes the run's seed and the bot's index into one 32-bit seed. */
export function mix(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A bot's inputs as a function of the input's sequence number only: bot `index` of a run seeded
 * `seed` sends the same k-th input in every cell of the lab, however late its snapshots arrive.
 * It walks in segments of 0.3..1.4 s: a heading (a fifth of them standing still), the aim
 * following the heading with a wobble, so players start, stop and turn often, and every player
 * changes every tick. Never fires unless `isFiring` (hits depend on timing, which differs per cell).
 */
export class InputScript implements InputSource {
  private readonly random: () => number;
  private readonly inputs: ScriptedInput[] = [];
  private segmentLeft = 0;
  private heading = 0;
  private isStanding = false;
  private aimPhase = 0;

  constructor(
    seed: number,
    index: number,
    private readonly tickRateHz: number,
    private readonly isFiring = false,
  ) {
    this.random = stream(mix(seed, index));
    this.heading = this.random() * 2 * Math.PI;
    this.aimPhase = this.random() * 2 * Math.PI;
  }

  /** The input with sequence number `seq` (1, 2, ...). */
  at(seq: number): ScriptedInput {
    while (this.inputs.length < seq) this.inputs.push(this.next());
    return this.inputs[seq - 1]!;
  }

  private next(): ScriptedInput {
    if (this.segmentLeft <= 0) {
      const seconds = SEGMENT_MIN_S + this.random() * (SEGMENT_MAX_S - SEGMENT_MIN_S);
      this.segmentLeft = Math.max(1, Math.round(seconds * this.tickRateHz));
      this.isStanding = this.random() < STAND_SHARE;
      this.heading = this.random() * 2 * Math.PI;
    }
    this.segmentLeft--;
    this.aimPhase += 0.2;
    const fire = this.isFiring && Math.sin(this.aimPhase * 0.37) > 0.6;
    return {
      moveX: this.isStanding ? 0 : Math.cos(this.heading),
      moveY: this.isStanding ? 0 : Math.sin(this.heading),
      aim: this.heading + 0.3 * Math.sin(this.aimPhase),
      fire,
    };
  }
}
