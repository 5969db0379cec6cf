import type { LoadTestReport } from '../report/load-test-report';
import type { FindMaxResult } from '../search/find-max';

const show = (value: unknown) => (value === null || value === undefined ? '-' : String(value));

/** The terminal summary of one run. */
export function runSummaryText(r: LoadTestReport): string {
  const verdict = r.holds ? `holds ${r.tick_hz} Hz` : `does NOT hold ${r.tick_hz} Hz`;
  const rows: [string, unknown][] = [
    ['bots joined / observers', `${r.connected}/${r.n} / ${r.observers}`],
    ...(r.room_size === null
      ? ([['achieved ticks/s', r.achieved_tick_hz]] as [string, unknown][])
      : ([
          ['rooms x S', `${r.rooms} x ${r.room_size}`],
          ['ticks/s room mean / worst', `${show(r.achieved_tick_hz)} / ${show(r.worst_room_tick_hz)}`],
          ['worst room tick p99 ms', r.worst_room_tick_ms_p99],
        ] as [string, unknown][])),
    ['tick ms p50 / p99', `${show(r.tick_ms_p50)} / ${show(r.tick_ms_p99)}`],
    ['server CPU %', r.server_cpu_pct],
    ['CPU us / client / tick', r.cpu_us_per_client_tick],
    ['down bytes / client / s', r.down_bytes_per_client_s],
    [
      'ack ms p50 / p99',
      `${show(r.ack_ms_p50)} / ${show(r.ack_ms_p99)} (${r.ack_samples} samples${r.input_timing === 'tick-aligned' ? ', tick-aligned inputs' : ''})`,
    ],
    ['bot CPU % / inputs/s/bot', `${show(r.bot_cpu_pct)} / ${show(r.bot_input_hz)}`],
    ['max N from this cost', r.max_n_estimate_from_cost],
    ['errors', r.errors === 0 ? 0 : `${r.errors}: ${r.error_samples.slice(0, 3).join('; ')}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const limited = r.limited_by.length > 0 ? ` (limited by ${r.limited_by.join(' + ')})` : '';
  // Several URLs: the rows above are the cluster's (slowest tick rate, busiest node, summed CPU).
  const nodes = (r.nodes ?? []).map(
    (node) =>
      `  node ${node.url} (${node.room}, ${node.bots} bots): ${show(node.achieved_tick_hz)} ticks/s, CPU ${show(node.server_cpu_pct)} %, ${show(node.cpu_us_per_client_tick)} us/client/tick`,
  );
  const rooms = r.room_size === null ? '' : ` in ${r.rooms} rooms of ${r.room_size}`;
  return [
    `${r.system} N=${r.n}${rooms} T=${r.tick_hz} Hz (${r.strategy}), ${r.duration_s} s: ${verdict}${limited}`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${show(v)}`),
    ...nodes,
  ].join('\n');
}

/** The terminal summary of a find-max search: the answer and the curve walked. */
export function findMaxSummaryText(result: FindMaxResult): string {
  const answer =
    result.max_n_at_T === null
      ? `no N holds ${result.tick_hz} Hz`
      : `max N at ${result.tick_hz} Hz = ${result.max_n_at_T}${result.extrapolated ? ' (extrapolated)' : ''}`;
  const cost =
    result.max_n_from_cost === null
      ? ''
      : ` (from the cost at the largest N that held: ~${result.max_n_from_cost})`;
  const lines = [
    `${answer}; limited by ${result.limited_by}: ${result.explanation}${cost}`,
    '  step phase   N     ticks/s  srv CPU %  us/client/tick  holds  bots saturated',
  ];
  for (const p of result.curve) {
    lines.push(
      `  ${String(p.step).padStart(4)} ${p.phase.padEnd(7)} ${String(p.n).padStart(5)} ${show(p.achievedTickHz).padStart(8)} ${show(p.serverCpuPct).padStart(10)} ${show(p.cpuUsPerClientTick).padStart(15)}  ${(p.holds ? 'yes' : 'no').padEnd(5)}  ${p.botSaturated ? 'yes' : 'no'}`,
    );
  }
  return lines.join('\n');
}
