import { extrapolateMaxN } from '../report/load-test-report';

/** What the search needs from one run at N bots. */
export interface ProbeFigures {
  readonly n: number;
  /** Achieved >= 95 % of T and server CPU < 90 %. */
  readonly holds: boolean;
  /** The bot side could not drive this N properly (>= 90 % CPU or short of inputs). */
  readonly botSaturated: boolean;
  readonly cpuUsPerClientTick: number | null;
  readonly achievedTickHz: number | null;
  readonly serverCpuPct: number | null;
}

/** One step of the walk, in the order it ran. */
export interface CurvePoint extends ProbeFigures {
  readonly step: number;
  /** 'retry': a repeat of the previous step, whose failure looked like a stall (see below). */
  readonly phase: 'ramp' | 'bisect' | 'retry';
}

/**
 * A run that misses the tick rate while the server's CPU is well below the limit did not run
 * out of CPU: on a shared machine that is another process taking the core. Such a failure is
 * repeated before the search believes it.
 */
export const STALL_SUSPECT_CPU_PCT = 70;

export function isSuspectFailure(p: ProbeFigures): boolean {
  return !p.holds && p.serverCpuPct !== null && p.serverCpuPct < STALL_SUSPECT_CPU_PCT;
}

export interface FindMaxOptions {
  readonly tickHz: number;
  /** First N tried. */
  readonly startN: number;
  /** Largest N tried (the room's seats, the machine's patience). */
  readonly maxN: number;
  /** The ramp multiplies N by this while runs hold. @default 2 */
  readonly growth?: number;
  /** Bisection stops when the bracket is this narrow (bots), or 5 % of the lower end if wider. */
  readonly resolution: number;
  /** Repeats of a suspect failure (see isSuspectFailure) before it counts. @default 1 */
  readonly retries?: number;
  /** Runs the load test at N and returns its figures. */
  readonly runAt: (n: number) => Promise<ProbeFigures>;
  readonly onProbe?: (point: CurvePoint) => void;
}

/** 'stalls': the runs that missed T did so at low server CPU even when repeated (a busy machine). */
export type FindMaxLimit = 'server' | 'bots' | 'max-bots' | 'stalls';

export interface FindMaxResult {
  readonly tick_hz: number;
  /** Largest N that holds T with server CPU < 90 % (extrapolated when the bots saturated). */
  readonly max_n_at_T: number | null;
  readonly extrapolated: boolean;
  /** Largest N measured to hold (a lower bound when extrapolated or limited by max-bots). */
  readonly measured_max_n: number | null;
  /** Smallest N measured not to hold, if any. */
  readonly first_failing_n: number | null;
  readonly limited_by: FindMaxLimit;
  /** The N whose cost the extrapolation used. */
  readonly extrapolated_from_n: number | null;
  /** SCENARIO.md's extrapolation from the cost at the largest N that held, whatever limited the search. */
  readonly max_n_from_cost: number | null;
  readonly explanation: string;
  readonly curve: readonly CurvePoint[];
}

/**
 * Finds the largest N that holds T: ramps N up geometrically while runs hold, then bisects
 * between the last N that held and the first that did not. When the bots saturate before the
 * server gives out, a larger N would measure the bots, not the server, so the search stops and
 * reports SCENARIO.md's extrapolation 0.9 x 1e6 / (cpu_us_per_client_tick x T) from the largest
 * N the bots did drive, labelled extrapolated.
 */
export async function findMaxN(options: FindMaxOptions): Promise<FindMaxResult> {
  const growth = options.growth ?? 2;
  if (!(growth > 1)) throw new Error('growth must be > 1');
  if (!(options.startN >= 1 && options.maxN >= options.startN)) throw new Error('need 1 <= startN <= maxN');
  const curve: CurvePoint[] = [];
  const runOnce = async (n: number, phase: CurvePoint['phase']) => {
    const figures = await options.runAt(n);
    const point: CurvePoint = { ...figures, n, step: curve.length + 1, phase };
    curve.push(point);
    options.onProbe?.(point);
    return point;
  };
  const probe = async (n: number, phase: CurvePoint['phase']) => {
    let point = await runOnce(n, phase);
    for (let i = 0; i < (options.retries ?? 1) && isSuspectFailure(point); i++)
      point = await runOnce(n, 'retry');
    return point;
  };
  const driven = () => curve.filter((p) => p.holds && !p.botSaturated);
  const largestDriven = () =>
    driven().reduce<CurvePoint | undefined>((a, p) => (!a || p.n > a.n ? p : a), undefined);

  const fromCost = () => {
    const held = curve
      .filter((p) => p.holds)
      .reduce<CurvePoint | undefined>((a, p) => (!a || p.n > a.n ? p : a), undefined);
    return held ? extrapolateMaxN(held.cpuUsPerClientTick, options.tickHz) : null;
  };

  let lo = 0;
  let hi: number | undefined;
  let n = options.startN;
  for (;;) {
    const point = await probe(n, 'ramp');
    if (!point.holds) {
      hi = n;
      break;
    }
    lo = n;
    if (point.botSaturated) {
      const from = largestDriven() ?? point;
      const estimate = extrapolateMaxN(from.cpuUsPerClientTick, options.tickHz);
      return {
        tick_hz: options.tickHz,
        max_n_at_T: estimate === null ? lo : Math.max(lo, estimate),
        extrapolated: estimate !== null,
        measured_max_n: lo,
        first_failing_n: null,
        limited_by: 'bots',
        extrapolated_from_n: from.n,
        max_n_from_cost: fromCost(),
        explanation:
          `the bots saturated at N=${n} while the server still held ${options.tickHz} Hz; ` +
          `extrapolated from N=${from.n} (${from.cpuUsPerClientTick} us/client/tick)`,
        curve,
      };
    }
    if (n >= options.maxN) {
      return {
        tick_hz: options.tickHz,
        max_n_at_T: lo,
        extrapolated: false,
        measured_max_n: lo,
        first_failing_n: null,
        limited_by: 'max-bots',
        extrapolated_from_n: null,
        max_n_from_cost: fromCost(),
        explanation: `held up to the largest N tried (${lo}); raise --max-bots to go further`,
        curve,
      };
    }
    n = Math.min(options.maxN, Math.ceil(n * growth));
  }

  let sawSaturation = false;
  while (hi - lo > Math.max(options.resolution, 0.05 * lo)) {
    const mid = Math.round((lo + hi) / 2);
    if (mid <= lo || mid >= hi) break;
    const point = await probe(mid, 'bisect');
    if (point.holds) {
      lo = mid;
      sawSaturation ||= point.botSaturated;
    } else hi = mid;
  }
  const failing = [...curve].reverse().find((p) => p.n === hi);
  const isStall = failing !== undefined && isSuspectFailure(failing);
  const explanation =
    lo > 0
      ? `holds at N=${lo}, not at N=${hi}${sawSaturation ? ' (the bots were near saturation near the top)' : ''}`
      : `does not hold ${options.tickHz} Hz even at N=${hi}`;
  return {
    tick_hz: options.tickHz,
    max_n_at_T: lo > 0 ? lo : null,
    extrapolated: false,
    measured_max_n: lo > 0 ? lo : null,
    first_failing_n: hi,
    limited_by: isStall ? 'stalls' : 'server',
    extrapolated_from_n: null,
    max_n_from_cost: fromCost(),
    explanation: isStall
      ? `${explanation}, but N=${hi} missed T with the server at only ${failing.serverCpuPct} % CPU, repeated: ` +
        'other processes took the cores, so this is a floor; see max_n_from_cost'
      : explanation,
    curve,
  };
}
