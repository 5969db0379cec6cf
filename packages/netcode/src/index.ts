// @arena/netcode: the client side of Arena's netcode, shared by the browser game and the lab's
// probe bots. Pure TypeScript: no Phaser, no DOM, no I/O; time is always an argument.

export { INTERP_DELAY_SNAPSHOTS, MAX_EXTRAPOLATION_MS, teleportDistanceUnits } from './client-tuning';

export { IDLE_ACK_MS, IdleAck } from './idle-ack';

export {
  INPUT_BACKLOG_HIGH,
  INPUT_LAG_WINDOW_MS,
  INPUT_MAX_BURST,
  INPUT_RATE_SLOW,
  InputPacer,
} from './input-pacer';

export type { FrameSample, NetMetric } from './net-stats';
export { NET_METRICS, NET_STATS_BUCKET_MS, NET_STATS_POINTS, NetStats } from './net-stats';
export type { Correction, PredictorOptions } from './own-player-predictor';
export { DEFAULT_PREDICTOR_TUNING, OwnPlayerPredictor } from './own-player-predictor';
export { RollingSeries } from './rolling-series';
export {
  CLOCK_SAMPLE_WINDOW,
  CLOCK_SLEW_FACTOR,
  CLOCK_SNAP_THRESHOLD_MS,
  ServerClock,
} from './server-clock';
export type { SampledWorld, SnapshotBufferOptions } from './snapshot-buffer';
export { lerpAngle, SNAPSHOT_BUFFER_CAPACITY, SnapshotBuffer } from './snapshot-buffer';
export { AlignedInputSchedule, alignedSendTime, InputLead, MIN_LEAD_MS } from './tick-aligned-inputs';
export {
  TIMELINE_ARRIVAL_PERCENTILE,
  TIMELINE_MAX_SLEW,
  TIMELINE_SNAP_THRESHOLD_MS,
  TIMELINE_WINDOW_MS,
  TickTimeline,
} from './tick-timeline';
