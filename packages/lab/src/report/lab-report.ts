import type { NetworkConditions } from '@arena/protocol';
import type { LabCellRun } from '../run/run-lab';
import type { CellFigures } from '../stats/cell-figures';

/** How the lab ran: when, where, with what. */
export interface LabRunInfo {
  readonly started_at: string;
  readonly finished_at: string;
  readonly command: string;
  readonly machine: string;
  readonly load_average_before: readonly number[];
  readonly load_average_after: readonly number[];
  readonly code: string;
  readonly pinning: string;
  readonly shaping: 'bots' | 'server';
  readonly mode: 'arena' | 'bench';
  readonly bots: number;
  readonly duration_s: number;
  readonly warmup_s: number;
  readonly seed: number;
  readonly fire: boolean;
  /** The recorded match the probes replayed, or null for seeded scripts. */
  readonly replay: {
    readonly file: string;
    readonly players: number;
    readonly ticks: number;
    readonly tick_hz: number;
  } | null;
  readonly fps: number;
  /** Runs of a failed or disturbed cell repeated at most this many times. */
  readonly retries: number;
  readonly strategies: readonly string[];
  readonly transports: readonly string[];
  /** What the probes played: walk or combat (replays: the recording). */
  readonly script: string;
  readonly study: string | null;
  readonly networks: readonly ({ readonly label: string } & NetworkConditions)[];
  readonly rates: readonly { readonly tick_hz: number; readonly snapshot_hz: number }[];
}

/** One cell in the JSON report. */
export interface CellReport {
  readonly id: string;
  readonly strategy: string;
  readonly transport: string;
  readonly network: { readonly label: string } & NetworkConditions;
  readonly tick_hz: number;
  readonly snapshot_hz: number;
  readonly started_at: string;
  readonly wall_s: number;
  /** Runs it took (more than one when a run failed or was disturbed). */
  readonly attempts: number;
  /** Why the final run's timing figures are not to be trusted (empty: nothing seen). */
  readonly disturbed: readonly string[];
  readonly load_1m_before: number;
  /** Null when the cell failed (see `error`). */
  readonly figures: CellFigures | null;
  readonly error: string | null;
}

/** The JSON file: the run, then every cell with every figure. */
export interface LabReport {
  readonly lab: LabRunInfo;
  readonly cells: readonly CellReport[];
}

/** Rounds every number in a JSON-like value to `digits` decimals; non-finite numbers become null. */
export function roundDeep<T>(value: T, digits = 3): T {
  if (typeof value === 'number') {
    return (Number.isFinite(value) ? Number(value.toFixed(digits)) : null) as T;
  }
  if (Array.isArray(value)) return value.map((item) => roundDeep(item, digits)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v, digits)])) as T;
  }
  return value;
}

export function toCellReport(run: LabCellRun): CellReport {
  const { result } = run;
  const { cell } = result;
  return {
    id: cell.id,
    strategy: cell.strategy,
    transport: cell.transport,
    network: { label: cell.network.label, ...cell.network.conditions },
    tick_hz: cell.rates.tickHz,
    snapshot_hz: cell.rates.snapshotHz,
    started_at: result.startedAt,
    wall_s: Number(result.wallS.toFixed(1)),
    attempts: run.attempts,
    disturbed: run.disturbed,
    load_1m_before: Number(run.load1m.toFixed(2)),
    figures: result.figures === undefined ? null : roundDeep(result.figures),
    error: result.error ?? null,
  };
}
