import { median, round } from '../report/stats';
import type { ProbeContext, ProbePhaseReport, ProbeRecord } from './run-probes';

/** One run's probes: the server with no room, then with the reference room running at T. */
export interface MixedRun {
  readonly tick_hz: number;
  readonly no_room: ProbePhaseReport;
  readonly with_room: ProbePhaseReport;
}

/** A target on with-room / no-room: at least (throughput) or at most (times) `factor`. */
interface RatioTarget {
  readonly isAtLeast: boolean;
  readonly factor: number;
}

interface FigureSpec {
  readonly key: string;
  readonly label: string;
  readonly pick: (record: ProbeRecord) => number | null;
  readonly target?: RatioTarget;
}

/** One row of the mixed table: medians over the runs, the median of each run's own ratio, the check. */
export interface MixedCheck {
  readonly probe: string;
  readonly figure: string;
  readonly no_room: number | null;
  readonly with_room: number | null;
  readonly ratio: number | null;
  readonly target: string;
  /** null: no target on this figure. */
  readonly met: boolean | null;
}

const atLeast = (factor: number): RatioTarget => ({ isAtLeast: true, factor });
const atMost = (factor: number): RatioTarget => ({ isAtLeast: false, factor });

function httpFigures(key: string): FigureSpec[] {
  const http = (record: ProbeRecord) =>
    record.probe === 'healthz' || record.probe === 'api-rooms' ? record.result : undefined;
  return [
    { key, label: 'requests/s', pick: (r) => http(r)?.rps ?? null, target: atLeast(0.5) },
    { key, label: 'p50 ms', pick: (r) => http(r)?.ms_p50 ?? null },
    { key, label: 'p99 ms', pick: (r) => http(r)?.ms_p99 ?? null, target: atMost(2) },
    {
      key,
      label: 'failed (non-2xx + errors)',
      pick: (r) => (http(r) === undefined ? null : http(r)!.non_2xx + http(r)!.errors),
    },
  ];
}

const storm = (record: ProbeRecord) => (record.probe === 'storm' ? record.result : undefined);
const page = (record: ProbeRecord) => (record.probe === 'page' ? record.result : undefined);

/** The figures of the table, in order, with the targets. */
const FIGURES: readonly FigureSpec[] = [
  ...httpFigures('healthz/new'),
  ...httpFigures('healthz/kept-alive'),
  ...httpFigures('api-rooms/new'),
  ...httpFigures('api-rooms/kept-alive'),
  { key: 'storm', label: 'all joined, s', pick: (r) => storm(r)?.all_joined_s ?? null, target: atMost(2) },
  { key: 'storm', label: 'connect to welcome p50 ms', pick: (r) => storm(r)?.welcome_ms_p50 ?? null },
  { key: 'storm', label: 'connect to welcome p99 ms', pick: (r) => storm(r)?.welcome_ms_p99 ?? null },
  { key: 'storm', label: 'refused', pick: (r) => storm(r)?.refused ?? null },
  { key: 'page', label: 'page load p50 ms', pick: (r) => page(r)?.ms_p50 ?? null, target: atMost(1.5) },
  { key: 'page', label: 'page load p99 ms', pick: (r) => page(r)?.ms_p99 ?? null, target: atMost(1.5) },
];

/** The share of T the reference room must tick at during the storm. */
const TICK_HOLD = 0.95;

const recordOf = (phase: ProbePhaseReport, key: string) => phase.probes.find((p) => p.key === key);

function targetText(target: RatioTarget | undefined): string {
  if (target === undefined) return '';
  return `${target.isAtLeast ? '>=' : '<='} ${target.factor}x`;
}

/**
 * The checks of a set of runs: for each figure, the median no-room and with-room values and the
 * median of the runs' own with / no ratios (each run compared with its own baseline, so drift
 * between runs cancels), checked against the target; then whether the reference room held T
 * (>= 95 %) during every storm (the worst run's rate). A figure no run has is left out.
 */
export function mixedChecks(runs: readonly MixedRun[]): MixedCheck[] {
  const checks: MixedCheck[] = [];
  for (const spec of FIGURES) {
    const pairs = runs.map((run) => {
      const before = recordOf(run.no_room, spec.key);
      const during = recordOf(run.with_room, spec.key);
      return [
        before === undefined ? null : spec.pick(before),
        during === undefined ? null : spec.pick(during),
      ] as const;
    });
    if (pairs.every(([a, b]) => a === null && b === null)) continue;
    const ratios = pairs.map(([a, b]) => (a !== null && b !== null && a > 0 ? b / a : null));
    const ratio = median(ratios);
    const noRoom = median(pairs.map(([a]) => a));
    const withRoom = median(pairs.map(([, b]) => b));
    let met: boolean | null = null;
    if (spec.target !== undefined) {
      met =
        ratio !== undefined &&
        (spec.target.isAtLeast ? ratio >= spec.target.factor : ratio <= spec.target.factor);
      // Every storm client must have joined for "all joined" to be met.
      if (spec.key === 'storm' && pairs.some(([a, b]) => a === null || b === null)) met = false;
    }
    checks.push({
      probe: spec.key,
      figure: spec.label,
      no_room: round(noRoom, 3),
      with_room: round(withRoom, 3),
      ratio: round(ratio, 2),
      target: targetText(spec.target),
      met,
    });
  }
  const stormRates = runs
    .map((run) => recordOf(run.with_room, 'storm')?.context.room_tick_hz)
    .filter((rate): rate is number | null => rate !== undefined);
  if (stormRates.length > 0) {
    const tickHz = runs[0]!.tick_hz;
    const worst = stormRates.some((rate) => rate === null) ? null : Math.min(...(stormRates as number[]));
    checks.push({
      probe: 'storm',
      figure: 'reference room ticks/s during the storm (worst run)',
      no_room: null,
      with_room: round(worst, 2),
      ratio: null,
      target: `>= ${round(TICK_HOLD * tickHz, 2)} (0.95 T)`,
      met: worst !== null && worst >= TICK_HOLD * tickHz,
    });
  }
  return checks;
}

const show = (value: number | null | undefined) =>
  value === null || value === undefined ? '-' : String(value);
const verdict = (met: boolean | null) => (met === null ? '' : met ? 'yes' : '**NO**');

/** Medians of what ran beside each probe: server CPU, the reference room's ticks, bot and probe CPU. */
function contextTable(runs: readonly MixedRun[]): string {
  const keys = [...new Set(runs.flatMap((run) => run.with_room.probes.map((p) => p.key)))];
  const med = (phase: 'no_room' | 'with_room', key: string, pick: (c: ProbeContext) => number | null) =>
    show(
      round(
        median(
          runs.map((run) => {
            const r = recordOf(run[phase], key);
            return r === undefined ? null : pick(r.context);
          }),
        ),
        1,
      ),
    );
  const lines = keys.map(
    (key) =>
      `| ${key} | ${med('no_room', key, (c) => c.server_cpu_pct)} / ${med('with_room', key, (c) => c.server_cpu_pct)} | ${med('with_room', key, (c) => c.room_tick_hz)} | ${med('with_room', key, (c) => c.bot_cpu_pct)} | ${med('no_room', key, (c) => c.probe_cpu_pct)} / ${med('with_room', key, (c) => c.probe_cpu_pct)} | ${med('no_room', key, (c) => c.load_1m ?? null)} / ${med('with_room', key, (c) => c.load_1m ?? null)} |`,
  );
  return [
    '| probe | server CPU % (no room / with room) | reference room ticks/s during it | bot process CPU % during it | probe process CPU % (no room / with room) | machine load 1 min (no room / with room) |',
    '|---|---|---|---|---|---|',
    ...lines,
  ].join('\n');
}

/** The Markdown of the mixed-load probes: the checks, then what ran beside each probe. */
export function mixedTable(runs: readonly MixedRun[], header: readonly string[] = []): string {
  if (runs.length === 0) return '';
  const checks = mixedChecks(runs);
  const lines = checks.map(
    (c) =>
      `| ${c.probe} | ${c.figure} | ${show(c.no_room)} | ${show(c.with_room)} | ${show(c.ratio)} | ${c.target} | ${verdict(c.met)} |`,
  );
  return [
    ...header,
    `| probe | figure | no room | with room | with / no | target | met |`,
    '|---|---|---|---|---|---|---|',
    ...lines,
    '',
    contextTable(runs),
    '',
  ].join('\n');
}
