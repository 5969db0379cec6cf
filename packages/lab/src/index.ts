// @arena/lab: the netcode lab (`pnpm lab`): strategies x transports x networks x rates against
// real servers, probes running @arena/netcode on seeded scripts, ground truth from the room's recording.

export { LAB_DEFAULTS, LAB_USAGE, type LabOptions, parseLabArgs, parseRates } from './cli/lab-options';
export { LAB_SCRIPTS, LAB_STUDIES, type LabScript, type LabStudy } from './cli/lab-studies';
export {
  buildGrid,
  filterGrid,
  LAB_TRANSPORTS,
  type LabCell,
  type LabTransport,
  type Rates,
  ratesLabel,
} from './grid/lab-grid';

export { type ChannelOutcome, ProbeDatagrams } from './probe/probe-datagrams';
export { ProbeSamples } from './probe/probe-samples';
export { ProbeSession } from './probe/probe-session';
export { hitAccuracy, ShotLedger } from './probe/shot-ledger';
export type { CellReport, LabReport } from './report/lab-report';
export { transportChart } from './report/transport-chart';
export { runLab } from './run/run-lab';
export { CombatScript } from './script/combat-script';
export {
  InputScript,
  type InputSource,
  type ScriptedInput,
  type ScriptView,
  type SeenPlayer,
} from './script/input-script';
export { SHOT_RANGE_UNITS, seenHit } from './script/shot-sight';
export { type CellFigures, type ChannelFigures, cellFigures, type RewindFigures } from './stats/cell-figures';
export {
  type Distribution,
  distribution,
  type ExtrapolationFigures,
  extrapolationFigures,
  interpolationErrors,
  truthAtRenderTick,
} from './stats/error-stats';
export { FREEZE_MS, FreezeCounter } from './stats/freeze-counter';
export { SnapshotAge } from './stats/snapshot-age';
export { GroundTruth, type TruthPosition, type TruthSource } from './truth/ground-truth';
export { type LabRecording, readLabRecording } from './truth/recording-file';
