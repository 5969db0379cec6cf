/** A growable list of float64 values without per-value objects (a probe logs thousands a second). */
export class FloatLog {
  private values = new Float64Array(1024);
  private count = 0;

  push(value: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = value;
  }

  get length(): number {
    return this.count;
  }

  at(index: number): number {
    return this.values[index]!;
  }

  /** The values logged, as a view (no copy). */
  toArray(): Float64Array {
    return this.values.subarray(0, this.count);
  }
}

/** Where one remote player was drawn in one frame. */
export interface RemoteSample {
  /** The (fractional) server tick the frame drew others at. */
  readonly renderTick: number;
  readonly playerId: number;
  readonly x: number;
  readonly y: number;
}

/**
 * Everything one probe measured while `measuring` was on. Raw samples, not summaries: the
 * interpolation error needs the ground truth, which is known only after the cell has ended.
 */
export class ProbeSamples {
  /** Input-to-ack latency of each acknowledged input, ms. */
  readonly ackLatencyMs = new FloatLog();
  /** Per acknowledgement: how far reconciliation moved the prediction, world units. */
  readonly predictionError = new FloatLog();
  /** Per rendered frame: how far past the newest snapshot others were extrapolated, ms (0 = interpolated). */
  readonly extrapolationMs = new FloatLog();
  /** Per rendered frame: newest snapshot tick minus the render tick, ms (how far behind others are drawn). */
  readonly renderBehindMs = new FloatLog();
  /** Per rendered frame: how long ago the server produced the newest snapshot the probe holds, ms. */
  readonly snapshotAgeMs = new FloatLog();
  /** Per rendered frame: the input pacer's estimate of this player's inputs queued on the server. */
  readonly inputBacklog = new FloatLog();
  private readonly remoteTick = new FloatLog();
  private readonly remoteId = new FloatLog();
  private readonly remoteX = new FloatLog();
  private readonly remoteY = new FloatLog();
  /** Corrections beyond quantisation noise (what the net graph counts), and those that snapped. */
  /** Oldest and newest snapshot tick received while measuring (the window in server ticks). */
  firstTick: number | undefined;
  lastTick: number | undefined;
  corrections = 0;
  snaps = 0;
  snapshots = 0;
  decodeFailures = 0;
  inputsSent = 0;
  messagesSent = 0;
  bytesIn = 0;
  messagesIn = 0;
  /** Snapshots that came over the datagram channel (before the simulated network dropped any). */
  datagramsIn = 0;

  addRemote(sample: RemoteSample): void {
    this.remoteTick.push(sample.renderTick);
    this.remoteId.push(sample.playerId);
    this.remoteX.push(sample.x);
    this.remoteY.push(sample.y);
  }

  get remoteCount(): number {
    return this.remoteTick.length;
  }

  remoteAt(index: number): RemoteSample {
    return {
      renderTick: this.remoteTick.at(index),
      playerId: this.remoteId.at(index),
      x: this.remoteX.at(index),
      y: this.remoteY.at(index),
    };
  }

  get frames(): number {
    return this.extrapolationMs.length;
  }
}
