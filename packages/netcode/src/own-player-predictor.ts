import {
  type ArenaMap,
  dequantizeMoveAxis,
  type Position,
  quantizeMoveAxis,
  stepMovement,
} from '@arena/protocol';

export interface PredictorOptions {
  readonly map: ArenaMap;
  readonly tickRateHz: number;
  readonly radius: number;
  /** A correction longer than this is applied at once; shorter ones are smoothed away. */
  readonly snapDistanceUnits: number;
  /** Half-life of the visual offset left by a smoothed correction, ms. */
  readonly smoothingHalfLifeMs: number;
  /** Corrections shorter than this are quantisation noise (positions travel in 1/16 units), not events. */
  readonly correctionEpsilonUnits: number;
  /** Unacked inputs kept at most; beyond, the oldest are forgotten (the server has dropped them too). */
  readonly maxPendingInputs: number;
}

export const DEFAULT_PREDICTOR_TUNING = {
  snapDistanceUnits: 48,
  smoothingHalfLifeMs: 60,
  correctionEpsilonUnits: 0.1,
  maxPendingInputs: 256,
} as const;

interface PendingInput {
  readonly seq: number;
  readonly moveX: number;
  readonly moveY: number;
}

/** What one reconciliation changed. */
export interface Correction {
  /** Distance between the prediction before and after replaying from the server's position. */
  readonly distanceUnits: number;
  /** True when the distance was beyond `snapDistanceUnits` and the drawn player jumped. */
  readonly isSnap: boolean;
}

/**
 * Client-side prediction of the own player, with reconciliation.
 *
 * Every input is applied locally at once with the same `stepMovement` the server runs, on the
 * axes as the server will see them (quantised to the wire's -127..127, then back). The server
 * applies exactly one input per tick, in seq order, and a player without input stands still, so
 * replaying the inputs it has not acknowledged yet on top of its acknowledged position gives the
 * position it will reach: prediction errors only come from things the client cannot know
 * (being hit to death, a respawn, an input the server dropped).
 *
 * When a reconciliation moves the prediction, the drawn position does not jump: the difference
 * is kept as a visual offset that decays (half-life `smoothingHalfLifeMs`), unless it is larger
 * than `snapDistanceUnits`, which is a teleport to show at once.
 */
export class OwnPlayerPredictor {
  private readonly options: PredictorOptions;
  private readonly dtS: number;
  private readonly pending: PendingInput[] = [];
  private predicted: Position;
  private offsetX = 0;
  private offsetY = 0;
  private lastAckSeq = 0;

  constructor(options: PredictorOptions, start: Position) {
    this.options = options;
    this.dtS = 1 / options.tickRateHz;
    this.predicted = { x: start.x, y: start.y };
  }

  /** The predicted position (where the server will put the player once it has every input sent). */
  get position(): Position {
    return this.predicted;
  }

  /** The position to draw: the prediction plus what is left of smoothed corrections. */
  get renderPosition(): Position {
    return { x: this.predicted.x + this.offsetX, y: this.predicted.y + this.offsetY };
  }

  /** Inputs sent and not yet acknowledged. */
  get pendingCount(): number {
    return this.pending.length;
  }

  get ackSeq(): number {
    return this.lastAckSeq;
  }

  /**
   * Applies an input the client is sending. `moveX`/`moveY` are the raw axes (-1..1); they are
   * quantised exactly as `encodeClientMessage` does before being simulated.
   */
  applyInput(seq: number, moveX: number, moveY: number): Position {
    const input = {
      seq,
      moveX: dequantizeMoveAxis(quantizeMoveAxis(moveX)),
      moveY: dequantizeMoveAxis(quantizeMoveAxis(moveY)),
    };
    this.pending.push(input);
    if (this.pending.length > this.options.maxPendingInputs) this.pending.shift();
    this.predicted = this.step(this.predicted, input);
    return this.predicted;
  }

  /**
   * The server says: after applying input `ackSeq`, the player was at `server`. Forgets the
   * acknowledged inputs, replays the others from there, and reports the correction if the
   * prediction moved more than quantisation noise.
   */
  reconcile(ackSeq: number, server: Position): Correction | undefined {
    if (ackSeq < this.lastAckSeq) return undefined;
    this.lastAckSeq = ackSeq;
    while (this.pending.length > 0 && this.pending[0]!.seq <= ackSeq) this.pending.shift();
    let replayed: Position = { x: server.x, y: server.y };
    for (const input of this.pending) replayed = this.step(replayed, input);

    const drawnX = this.predicted.x + this.offsetX;
    const drawnY = this.predicted.y + this.offsetY;
    const distanceUnits = Math.hypot(replayed.x - this.predicted.x, replayed.y - this.predicted.y);
    this.predicted = replayed;
    if (distanceUnits > this.options.snapDistanceUnits) {
      this.offsetX = 0;
      this.offsetY = 0;
      return { distanceUnits, isSnap: true };
    }
    // Keep drawing where the player was drawn; the offset decays in `smooth`.
    this.offsetX = drawnX - replayed.x;
    this.offsetY = drawnY - replayed.y;
    if (distanceUnits <= this.options.correctionEpsilonUnits) return undefined;
    return { distanceUnits, isSnap: false };
  }

  /** Lets `elapsedMs` of smoothing pass. Call once a frame. */
  smooth(elapsedMs: number): void {
    const keep = 0.5 ** (Math.max(0, elapsedMs) / this.options.smoothingHalfLifeMs);
    this.offsetX *= keep;
    this.offsetY *= keep;
    if (Math.hypot(this.offsetX, this.offsetY) < 0.01) {
      this.offsetX = 0;
      this.offsetY = 0;
    }
  }

  /** Puts the player at `at` (a respawn seen in an event), dropping any smoothing. */
  teleport(at: Position): void {
    this.predicted = { x: at.x, y: at.y };
    this.offsetX = 0;
    this.offsetY = 0;
  }

  private step(from: Position, input: PendingInput): Position {
    return stepMovement(from, input.moveX, input.moveY, this.dtS, this.options.map, this.options.radius);
  }
}
