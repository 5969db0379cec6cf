// @arena/lab: the netcode lab (`pnpm lab`): strategies x networks x rates against real servers,
// probes running @arena/netcode on seeded scripts, ground truth from the room's recording.

export { LAB_DEFAULTS, LAB_USAGE, type LabOptions, parseLabArgs, parseRates } from './cli/lab-options';
export { buildGrid, filterGrid, type LabCell, type Rates, ratesLabel } from './grid/lab-grid';

export { ProbeSamples } from './probe/probe-samples';
export { ProbeSession } from './probe/probe-session';
export type { CellReport, LabReport } from './report/lab-report';
export { runLab } from './run/run-lab';
export { InputScript, type InputSource, type ScriptedInput } from './script/input-script';
export { type CellFigures, cellFigures } from './stats/cell-figures';
export {
  type Distribution,
  distribution,
  type ExtrapolationFigures,
  extrapolationFigures,
  interpolationErrors,
  truthAtRenderTick,
} from './stats/error-stats';
export { GroundTruth, type TruthPosition, type TruthSource } from './truth/ground-truth';
export { type LabRecording, readLabRecording } from './truth/recording-file';
