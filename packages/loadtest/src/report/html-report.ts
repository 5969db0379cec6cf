import type { FindMaxResult } from '../search/find-max';
import { escapeHtml } from './chart-axis';
import type { LoadTestReport, SeriesPoint } from './load-test-report';
import { lineChart } from './svg-chart';

const COLORS = { a: '#1f77b4', b: '#d62728', c: '#2ca02c', d: '#ff7f0e' };

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1320px;padding:0 16px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
.charts{display:flex;flex-wrap:wrap;gap:12px}
.chart{border:1px solid #ddd;background:#fff;font-size:11px}
.chart .title{font-size:13px;font-weight:600}.chart .axis{font-size:11px;fill:#555}
.chart .grid{stroke:#eee}.chart .reference{stroke:#888;stroke-dasharray:5 4}
.chart .reference-label{fill:#666}.bad{color:#b00;font-weight:600}.ok{color:#070;font-weight:600}
.note{color:#555}code{word-break:break-all}`;

type Row = readonly [string, unknown, string?];

function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') return value.toLocaleString('en-US', { maximumFractionDigits: 3 });
  if (Array.isArray(value)) return value.length === 0 ? '-' : escapeHtml(value.join(', '));
  return escapeHtml(String(value));
}

function table(rows: readonly Row[]): string {
  return `<table><tr><th>figure</th><th>value</th><th>meaning</th></tr>${rows
    .map(
      ([name, value, meaning]) =>
        `<tr><td>${escapeHtml(name)}</td><td>${cell(value)}</td><td style="text-align:left">${escapeHtml(meaning ?? '')}</td></tr>`,
    )
    .join('')}</table>`;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>\n`;
}

/** The summary table of one run: the SCENARIO.md figures first, then the rest. */
export function summaryRows(r: LoadTestReport): Row[] {
  return [
    ['system', r.system],
    ['n (bots) / joined / observers', `${r.n} / ${r.connected} / ${r.observers}`],
    ['tick_hz (target)', r.tick_hz],
    ['strategy / room mode', `${r.strategy} / ${r.room_mode}`, 'snapshot encoding of the room'],
    ['duration_s', r.duration_s, 'measured window'],
    ['achieved_tick_hz', r.achieved_tick_hz, 'ticks counted / window; holds when >= 0.95 T'],
    ['tick_ms_p50', r.tick_ms_p50, 'time inside one tick (histogram deltas)'],
    ['tick_ms_p99', r.tick_ms_p99],
    ['server_cpu_pct', r.server_cpu_pct, 'server process CPU, 100 = one core'],
    ['cpu_us_per_client_tick', r.cpu_us_per_client_tick, 'server CPU us / (N x ticks)'],
    ['down_bytes_per_client_s', r.down_bytes_per_client_s, 'WebSocket payload + frame header'],
    ['ack_ms_p50', r.ack_ms_p50, 'input -> snapshot acking it, observers'],
    ['ack_ms_p99', r.ack_ms_p99],
    ['ack_samples', r.ack_samples],
    ['inputs_per_message', r.inputs_per_message],
    ['input_timing', r.input_timing],
    ['holds', r.holds],
    ['limited_by', r.limited_by],
    ['max_n_estimate_from_cost', r.max_n_estimate_from_cost, '0.9 x 1e6 / (cpu_us_per_client_tick x T)'],
    ['bot_cpu_pct', r.bot_cpu_pct, `100 = one core; ${r.bot_cores} core(s) usable`],
    ['bot_input_hz', r.bot_input_hz, 'inputs sent per bot per second'],
    ['bot_loop_lag_p99_ms', r.bot_loop_lag_p99_ms],
    ['down_msgs_per_client_s', r.down_msgs_per_client_s],
    ['down_bytes_per_msg', r.down_bytes_per_msg],
    ['observer_down_bytes_per_client_s', r.observer_down_bytes_per_client_s, 'cross-check of raw counting'],
    ['tick_overruns / ticks_skipped', `${r.tick_overruns} / ${r.ticks_skipped}`],
    ['server_inputs_applied_per_s', r.server_inputs_applied_per_s],
    ['server_inputs_dropped', r.server_inputs_dropped],
    [
      'room_tick_ms_p50 / p99',
      `${cell(r.room_tick_ms_p50)} / ${cell(r.room_tick_ms_p99)}`,
      "the room's 60 s summary",
    ],
    ['server_rss_mb', r.server_rss_mb],
    ['server_loop_lag_p99_ms', r.server_loop_lag_p99_ms],
    ['errors', r.errors],
    ['error_samples', r.error_samples],
    ['connect_s', r.connect_s],
    ['started_at', r.started_at],
    ['node', r.node],
  ];
}

function seriesCharts(series: readonly SeriesPoint[], tickHz: number): string {
  const pts = (key: keyof SeriesPoint) => series.map((p) => [p.t_s, p[key] as number | null] as const);
  const x = 'time in window (s)';
  return [
    lineChart({
      title: 'Tick rate',
      xLabel: x,
      yLabel: 'ticks/s',
      lines: [{ name: 'achieved', color: COLORS.a, points: pts('tick_hz') }],
      reference: { y: 0.95 * tickHz, label: `95 % of ${tickHz} Hz` },
    }),
    lineChart({
      title: 'Tick duration',
      xLabel: x,
      yLabel: 'ms',
      lines: [
        { name: 'p50', color: COLORS.a, points: pts('tick_ms_p50') },
        { name: 'p99', color: COLORS.b, points: pts('tick_ms_p99') },
      ],
      reference: { y: 1000 / tickHz, label: 'tick period' },
    }),
    lineChart({
      title: 'CPU',
      xLabel: x,
      yLabel: '% of one core',
      lines: [
        { name: 'server', color: COLORS.a, points: pts('server_cpu_pct') },
        { name: 'bots', color: COLORS.d, points: pts('bot_cpu_pct') },
      ],
      reference: { y: 90, label: '90 %' },
    }),
    lineChart({
      title: 'Bytes received per client',
      xLabel: x,
      yLabel: 'bytes/s',
      lines: [{ name: 'down', color: COLORS.c, points: pts('down_bytes_per_client_s') }],
    }),
    lineChart({
      title: 'Input-to-ack latency (observers)',
      xLabel: x,
      yLabel: 'ms',
      lines: [
        { name: 'p50', color: COLORS.a, points: pts('ack_ms_p50') },
        { name: 'p99', color: COLORS.b, points: pts('ack_ms_p99') },
      ],
    }),
    lineChart({
      title: 'Bots joined and inputs sent',
      xLabel: x,
      yLabel: 'bots / inputs per bot per s',
      lines: [
        { name: 'joined', color: COLORS.a, points: pts('connected') },
        { name: 'inputs/s/bot', color: COLORS.d, points: pts('bot_input_hz') },
      ],
    }),
  ].join('');
}

function verdict(r: LoadTestReport): string {
  const held = r.holds
    ? `<span class="ok">holds ${r.tick_hz} Hz</span>`
    : `<span class="bad">does not hold ${r.tick_hz} Hz</span>`;
  const bots = r.bot_saturated
    ? ' <span class="bad">(bot side saturated: figures partly measure the bots)</span>'
    : '';
  return `<p>${held} with ${r.connected} bots: ${cell(r.achieved_tick_hz)} ticks/s, server CPU ${cell(r.server_cpu_pct)} %${bots}</p>`;
}

/** A self-contained HTML page for one run: verdict, charts over time, the summary table. */
export function renderRunHtml(r: LoadTestReport): string {
  const title = `Arena load test: ${r.system} N=${r.n} T=${r.tick_hz} Hz`;
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>${verdict(r)}
<p class="note">Server figures come from GET /metrics (counter and histogram-bucket deltas between scrapes); bot figures from the bots' own counters. Config: <code>${escapeHtml(JSON.stringify(r.config))}</code></p>
<h2>Over time</h2><div class="charts">${seriesCharts(r.series, r.tick_hz)}</div>
<h2>Summary</h2>${table(summaryRows(r))}`,
  );
}

/** A self-contained HTML page for --find-max: the answer, the curve walked, each run. */
export function renderFindMaxHtml(result: FindMaxResult, runs: readonly LoadTestReport[]): string {
  const title = `Arena find-max at T=${result.tick_hz} Hz`;
  const sorted = [...result.curve].sort((a, b) => a.n - b.n);
  const answer =
    result.max_n_at_T === null
      ? 'no N held'
      : `max N = ${result.max_n_at_T}${result.extrapolated ? ' (extrapolated)' : ''}`;
  const curveRows = result.curve
    .map(
      (p) =>
        `<tr><td>${p.step}</td><td>${p.phase}</td><td>${p.n}</td><td>${cell(p.achievedTickHz)}</td><td>${cell(p.serverCpuPct)}</td><td>${cell(p.cpuUsPerClientTick)}</td><td class="${p.holds ? 'ok' : 'bad'}">${p.holds ? 'yes' : 'no'}</td><td>${p.botSaturated ? 'yes' : 'no'}</td></tr>`,
    )
    .join('');
  const runSections = runs
    .map(
      (r) =>
        `<details><summary>run N=${r.n}: ${cell(r.achieved_tick_hz)} ticks/s, server CPU ${cell(r.server_cpu_pct)} %</summary>${verdict(r)}<div class="charts">${seriesCharts(r.series, r.tick_hz)}</div>${table(summaryRows(r))}</details>`,
    )
    .join('');
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p><b>${escapeHtml(answer)}</b>, limited by ${escapeHtml(result.limited_by)}: ${escapeHtml(result.explanation)}.${result.max_n_from_cost === null ? '' : ` From the server's cost at the largest N that held: ~${result.max_n_from_cost} (0.9 x 1e6 / (us/client/tick x T)).`}</p>
<div class="charts">${lineChart({
      title: 'Achieved tick rate by N',
      xLabel: 'bots (N)',
      yLabel: 'ticks/s',
      dots: true,
      lines: [
        { name: 'achieved', color: COLORS.a, points: sorted.map((p) => [p.n, p.achievedTickHz] as const) },
      ],
      reference: { y: 0.95 * result.tick_hz, label: `95 % of ${result.tick_hz} Hz` },
    })}${lineChart({
      title: 'Server CPU by N',
      xLabel: 'bots (N)',
      yLabel: '% of one core',
      dots: true,
      lines: [
        { name: 'server CPU', color: COLORS.b, points: sorted.map((p) => [p.n, p.serverCpuPct] as const) },
      ],
      reference: { y: 90, label: '90 %' },
    })}${lineChart({
      title: 'Server CPU per client per tick by N',
      xLabel: 'bots (N)',
      yLabel: 'us',
      dots: true,
      lines: [
        {
          name: 'us/client/tick',
          color: COLORS.c,
          points: sorted.map((p) => [p.n, p.cpuUsPerClientTick] as const),
        },
      ],
    })}</div>
<h2>The curve walked</h2><table><tr><th>step</th><th>phase</th><th>N</th><th>ticks/s</th><th>server CPU %</th><th>us/client/tick</th><th>holds</th><th>bots saturated</th></tr>${curveRows}</table>
<h2>Runs</h2>${runSections}`,
  );
}
