import type { ProbeContext, ProbePhaseReport, ProbeRecord } from './run-probes';

const show = (value: unknown) => (value === null || value === undefined ? '-' : String(value));

function figures(record: ProbeRecord): string {
  switch (record.probe) {
    case 'healthz':
    case 'api-rooms': {
      const r = record.result;
      const failed =
        r.non_2xx + r.errors > 0
          ? `, ${r.non_2xx} non-2xx, ${r.errors} errors (${r.error_samples.join('; ')})`
          : '';
      return `${show(r.rps)} req/s, p50 ${show(r.ms_p50)} ms, p99 ${show(r.ms_p99)} ms${failed}`;
    }
    case 'storm': {
      const r = record.result;
      const refused = r.refused > 0 ? `, ${r.refused} refused (${r.refusal_samples.join('; ')})` : '';
      return `${r.joined}/${r.clients} joined in ${show(r.all_joined_s ?? r.all_answered_s)} s, connect to welcome p50 ${show(r.welcome_ms_p50)} ms, p99 ${show(r.welcome_ms_p99)} ms${refused}`;
    }
    case 'page': {
      const r = record.result;
      const failed = r.failed_loads > 0 ? `, ${r.failed_loads} failed (${r.error_samples.join('; ')})` : '';
      return `${r.loads} loads of ${r.assets_per_page + 1} files (${show(r.bytes_per_page)} B), p50 ${show(r.ms_p50)} ms, p99 ${show(r.ms_p99)} ms${failed}`;
    }
  }
}

function beside(c: ProbeContext): string {
  const parts = [`server CPU ${show(c.server_cpu_pct)} %`];
  if (c.room_tick_hz !== null) parts.push(`room ${c.room_tick_hz} ticks/s`);
  if (c.bot_cpu_pct !== null) parts.push(`bots CPU ${c.bot_cpu_pct} %`);
  parts.push(`probe CPU ${show(c.probe_cpu_pct)} %`);
  return parts.join(', ');
}

/** The terminal text of one phase of probes. */
export function probeSummaryText(report: ProbePhaseReport): string {
  const width = Math.max(...report.probes.map((p) => p.key.length));
  return [
    `probes (${report.phase}) on ${report.url}${report.watched_room === null ? '' : `, room "${report.watched_room}" watched`}:`,
    ...report.probes.map(
      (p) => `  ${p.key.padEnd(width)}  ${figures(p)}\n  ${' '.repeat(width)}  [${beside(p.context)}]`,
    ),
  ].join('\n');
}
