import { RollingSeries } from './rolling-series';

/** One net-graph point covers this long: 4 points a second keeps the graph live but readable. */
export const NET_STATS_BUCKET_MS = 250;
/** Points kept per line: 30 s of history. */
export const NET_STATS_POINTS = 120;

/** Every line of the net graph, with its label and unit. */
export const NET_METRICS = [
  { key: 'rttMs', label: 'rtt', unit: 'ms' },
  { key: 'snapshotsPerS', label: 'snap/s', unit: '' },
  { key: 'bytesInPerS', label: 'in', unit: 'B/s' },
  { key: 'bytesOutPerS', label: 'out', unit: 'B/s' },
  { key: 'bytesPerSnapshot', label: 'snap size', unit: 'B' },
  { key: 'bufferDepth', label: 'buffer', unit: 'snap' },
  { key: 'extrapolationMs', label: 'extrap', unit: 'ms' },
  { key: 'correctionsPerS', label: 'corr/s', unit: '' },
  { key: 'correctionUnits', label: 'corr size', unit: 'u' },
  { key: 'fps', label: 'fps', unit: '' },
] as const;

export type NetMetric = (typeof NET_METRICS)[number]['key'];

/** What the renderer knows each frame about interpolation. */
export interface FrameSample {
  /** Snapshots buffered ahead of the render time. */
  readonly bufferDepth: number;
  /** How far past the newest snapshot the others are being extrapolated, ms. */
  readonly extrapolationMs: number;
}

/**
 * Counters behind the net graph. Events are recorded as they happen; every NET_STATS_BUCKET_MS
 * (checked at each frame) they become one point per metric: rates per second, snapshot size
 * averaged, interpolation depth averaged, extrapolation and correction size at their worst.
 * Time is an argument: nothing here reads a clock.
 */
export class NetStats {
  private readonly lines = new Map<NetMetric, RollingSeries>(
    NET_METRICS.map(({ key }) => [key, new RollingSeries(NET_STATS_POINTS)]),
  );
  private bucketStartMs: number | undefined;
  private bytesIn = 0;
  private bytesOut = 0;
  private snapshots = 0;
  private snapshotBytes = 0;
  private corrections = 0;
  private worstCorrection = 0;
  private frames = 0;
  private depthSum = 0;
  private worstExtrapolation = 0;
  private lastRtt = 0;
  private lastSnapshotSize = 0;

  recordBytesIn(bytes: number): void {
    this.bytesIn += bytes;
  }

  recordBytesOut(bytes: number): void {
    this.bytesOut += bytes;
  }

  /** A snapshot of `bytes` arrived (its bytes are also counted by `recordBytesIn`). */
  recordSnapshot(bytes: number): void {
    this.snapshots++;
    this.snapshotBytes += bytes;
  }

  recordRtt(ms: number): void {
    this.lastRtt = ms;
  }

  /** A prediction correction of `units` world units. */
  recordCorrection(units: number): void {
    this.corrections++;
    this.worstCorrection = Math.max(this.worstCorrection, units);
  }

  /** One rendered frame at `nowMs`; closes the current point when its time is up. */
  recordFrame(nowMs: number, sample: FrameSample): void {
    if (this.bucketStartMs === undefined) this.bucketStartMs = nowMs;
    this.frames++;
    this.depthSum += sample.bufferDepth;
    this.worstExtrapolation = Math.max(this.worstExtrapolation, sample.extrapolationMs);
    const elapsedMs = nowMs - this.bucketStartMs;
    if (elapsedMs >= NET_STATS_BUCKET_MS) this.closeBucket(nowMs, elapsedMs);
  }

  series(metric: NetMetric): RollingSeries {
    return this.lines.get(metric)!;
  }

  /** The newest point of every metric, for the test hook and the graph's labels. */
  latest(): Record<NetMetric, number> {
    const result = {} as Record<NetMetric, number>;
    for (const { key } of NET_METRICS) result[key] = this.series(key).latest;
    return result;
  }

  private closeBucket(nowMs: number, elapsedMs: number): void {
    const perS = 1000 / elapsedMs;
    if (this.snapshots > 0) this.lastSnapshotSize = this.snapshotBytes / this.snapshots;
    this.push('rttMs', this.lastRtt);
    this.push('snapshotsPerS', this.snapshots * perS);
    this.push('bytesInPerS', this.bytesIn * perS);
    this.push('bytesOutPerS', this.bytesOut * perS);
    this.push('bytesPerSnapshot', this.lastSnapshotSize);
    this.push('bufferDepth', this.depthSum / this.frames);
    this.push('extrapolationMs', this.worstExtrapolation);
    this.push('correctionsPerS', this.corrections * perS);
    this.push('correctionUnits', this.worstCorrection);
    this.push('fps', this.frames * perS);
    this.bucketStartMs = nowMs;
    this.bytesIn = 0;
    this.bytesOut = 0;
    this.snapshots = 0;
    this.snapshotBytes = 0;
    this.corrections = 0;
    this.worstCorrection = 0;
    this.frames = 0;
    this.depthSum = 0;
    this.worstExtrapolation = 0;
  }

  private push(metric: NetMetric, value: number): void {
    this.series(metric).push(value);
  }
}
