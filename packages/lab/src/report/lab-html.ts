import { escapeHtml } from '@arena/loadtest';
import type { ByteAttribution } from '@arena/protocol';
import type { CellFigures } from '../stats/cell-figures';
import type { Distribution } from '../stats/error-stats';
import { type Bar, barChart } from './bar-chart';
import { cellDetails } from './cell-details';
import type { CellReport, LabReport } from './lab-report';
import { describeNetwork, num, ratio } from './report-format';
import { transportChart } from './transport-chart';

/** A cell's series in tables and charts: its strategy, and its transport when the lab ran several. */
function seriesOf(cell: Pick<CellReport, 'strategy' | 'transport'>, report: LabReport): string {
  return report.lab.transports.length > 1 ? `${cell.strategy} / ${cell.transport}` : cell.strategy;
}

function seriesNames(report: LabReport): string[] {
  return report.lab.strategies.flatMap((strategy) =>
    report.lab.transports.map((transport) => seriesOf({ strategy, transport }, report)),
  );
}

function conditionOf(cell: CellReport, multipleRates: boolean): string {
  return multipleRates ? `${cell.network.label} @${cell.tick_hz}/${cell.snapshot_hz}` : cell.network.label;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
const SHARE_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#9c755f'];

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1320px;padding:0 16px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:30px}h3{font-size:15px;margin:18px 0 4px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}
th{background:#f3f3f3}td.l,th.l{text-align:left}
.charts{display:flex;flex-wrap:wrap;gap:12px}
.chart{border:1px solid #ddd;background:#fff;font-size:11px}
.chart .title{font-size:13px;font-weight:600}.chart .axis{font-size:11px;fill:#555}
.chart .grid{stroke:#eee}.note{color:#555;max-width:900px}.bad{color:#b00;font-weight:600}
.better{color:#070}.worse{color:#b00}details{margin:6px 0}summary{cursor:pointer;font-weight:600}
.stack{display:flex;height:18px;width:520px;border:1px solid #ccc}.stack span{display:block;height:100%}`;

/** The main figures of every cell: one row per cell, condition by condition, with ratios to `full`. */
function comparisonTable(report: LabReport, multipleRates: boolean): string {
  const head = [
    'condition',
    'strategy',
    'B/client/s',
    'vs full',
    'µs CPU/client/tick',
    'vs full',
    'ack p50 / p99 ms',
    'prediction err p99 / max (u)',
    'corrections/client/s',
    'interp err mean / p99 (u)',
    'extrapolating % frames',
    'extrapolation p99 ms',
    'drawn behind p50 ms',
    'inputs queued on server p50',
    'ticks with 0 or 2+ inputs %',
    'snapshot age p50 / p99 ms',
    'freezes/client/min',
    'snapshots dropped %',
    'hit accuracy (granted / seen)',
    'rewind p50 / p99 ms',
    'datagram fallbacks',
  ];
  const rows: string[] = [];
  const conditions = [...new Set(report.cells.map((c) => conditionOf(c, multipleRates)))];
  for (const condition of conditions) {
    const cells = report.cells.filter((c) => conditionOf(c, multipleRates) === condition);
    for (const cell of cells) {
      const full =
        cells.find((c) => c.strategy === 'full' && c.transport === cell.transport)?.figures ?? null;
      const f = cell.figures;
      if (f === null) {
        rows.push(
          `<tr><td class="l">${escapeHtml(condition)}</td><td class="l">${escapeHtml(seriesOf(cell, report))}</td><td class="l bad" colspan="${head.length - 2}">failed: ${escapeHtml(cell.error ?? '')}</td></tr>`,
        );
        continue;
      }
      const mark =
        cell.disturbed.length === 0
          ? ''
          : ` <span class="bad" title="${escapeHtml(cell.disturbed.join('; '))}">(disturbed)</span>`;
      rows.push(
        `<tr><td class="l">${escapeHtml(condition)}</td><td class="l">${escapeHtml(seriesOf(cell, report))}${mark}</td>` +
          [
            num(f.down_bytes_per_client_s, 0),
            ratio(f.down_bytes_per_client_s, full?.down_bytes_per_client_s),
            num(f.cpu_us_per_client_tick, 1),
            ratio(f.cpu_us_per_client_tick, full?.cpu_us_per_client_tick),
            `${num(f.ack_ms.p50, 0)} / ${num(f.ack_ms.p99, 0)}`,
            `${num(f.prediction_error.p99, 2)} / ${num(f.prediction_error.max, 1)}`,
            num(f.corrections_per_client_s, 2),
            `${num(f.interpolation_error.mean, 2)} / ${num(f.interpolation_error.p99, 1)}`,
            num(f.extrapolation.frame_pct, 1),
            num(f.extrapolation.when_extrapolating_ms.p99, 0),
            num(f.render_behind_ms.p50, 0),
            num(f.input_backlog.p50, 1),
            f.server_inputs_per_tick === null
              ? '-'
              : num(f.server_inputs_per_tick.none_pct + f.server_inputs_per_tick.several_pct, 1),
            `${num(f.snapshot_age_ms.p50, 0)} / ${num(f.snapshot_age_ms.p99, 0)}`,
            num(f.freezes_per_client_min, 1),
            num(f.snapshots_dropped_pct, 1),
            f.hit_accuracy === null ? '-' : `${num(f.hit_accuracy, 2)} (${f.granted_hits} / ${f.seen_hits})`,
            f.rewind === null ? '-' : `${num(f.rewind.p50_ms, 0)} / ${num(f.rewind.p99_ms, 0)}`,
            f.channels === null ? '-' : `${f.channels.fallbacks} of ${f.joined}`,
          ]
            .map((text) => `<td>${text}</td>`)
            .join('') +
          '</tr>',
      );
    }
  }
  return `<table><tr>${head.map((h, i) => `<th${i < 2 ? ' class="l"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr>${rows.join('')}</table>`;
}

function charts(report: LabReport, multipleRates: boolean): string {
  const strategies = seriesNames(report);
  const groups = [...new Set(report.cells.map((c) => conditionOf(c, multipleRates)))];
  const find = (series: string, group: string) =>
    report.cells.find((c) => seriesOf(c, report) === series && conditionOf(c, multipleRates) === group)
      ?.figures ?? null;
  const chart = (
    title: string,
    yLabel: string,
    pick: (f: CellFigures) => Bar,
    whiskerLabel?: string,
  ): string =>
    barChart({
      title,
      yLabel,
      groups,
      series: strategies.map((strategy, i) => ({
        name: strategy,
        color: PALETTE[i % PALETTE.length]!,
        bars: groups.map((group) => {
          const f = find(strategy, group);
          return f === null ? { value: null } : pick(f);
        }),
      })),
      ...(whiskerLabel === undefined ? {} : { whiskerLabel }),
    });
  const d = (dist: Distribution, low: 'p50' | 'mean', high: 'p99' | 'max'): Bar => ({
    value: dist[low],
    high: dist[high],
  });
  return `<div class="charts">${[
    chart('Bytes per client per second', 'B/client/s', (f) => ({ value: f.down_bytes_per_client_s })),
    chart('Server CPU per client per tick', 'µs', (f) => ({ value: f.cpu_us_per_client_tick })),
    chart(
      'Snapshot age at the client',
      'ms',
      (f) => d(f.snapshot_age_ms, 'p50', 'p99'),
      'bar p50, whisker p99',
    ),
    chart('Freezes (> 100 ms without a new snapshot)', 'per client per minute', (f) => ({
      value: f.freezes_per_client_min,
    })),
    chart('Lag-compensated hit accuracy', 'granted / seen hits', (f) => ({ value: f.hit_accuracy })),
    chart('Input-to-ack latency', 'ms', (f) => d(f.ack_ms, 'p50', 'p99'), 'bar p50, whisker p99'),
    chart(
      'Prediction error at each ack',
      'world units',
      (f) => d(f.prediction_error, 'mean', 'p99'),
      'bar mean, whisker p99',
    ),
    chart(
      'Interpolation error of remote players',
      'world units',
      (f) => d(f.interpolation_error, 'mean', 'p99'),
      'bar mean, whisker p99',
    ),
    chart('Frames drawing others extrapolated', '% of frames', (f) => ({ value: f.extrapolation.frame_pct })),
    chart(
      'Extrapolation time (frames that extrapolate)',
      'ms past newest snapshot',
      (f) => d(f.extrapolation.when_extrapolating_ms, 'p50', 'p99'),
      'bar p50, whisker p99',
    ),
    chart(
      'Inputs queued on the server (pacer estimate)',
      'inputs (1 input = 1 tick of latency)',
      (f) => d(f.input_backlog, 'p50', 'p99'),
      'bar p50, whisker p99',
    ),
    chart(
      'How far behind others are drawn',
      'ms behind newest snapshot',
      (f) => d(f.render_behind_ms, 'p50', 'p99'),
      'bar p50, whisker p99',
    ),
  ].join('')}</div>`;
}

/** Byte attribution per strategy, averaged over that strategy's cells. */
function attributionSection(report: LabReport): string {
  const parts: string[] = [];
  for (const strategy of report.lab.strategies) {
    const samples = report.cells
      .filter((c) => c.strategy === strategy)
      .map((c) => c.figures?.byte_attribution)
      .filter((a): a is ByteAttribution => a !== null && a !== undefined);
    if (samples.length === 0) {
      parts.push(`<h3>${escapeHtml(strategy)}</h3><p class="note">no attribution (no cell succeeded)</p>`);
      continue;
    }
    const bytes = new Map<string, number>();
    for (const sample of samples) {
      for (const share of sample.shares) bytes.set(share.field, (bytes.get(share.field) ?? 0) + share.bytes);
    }
    const total = [...bytes.values()].reduce((a, b) => a + b, 0);
    const shares = [...bytes].map(([field, b]) => ({ field, share: total === 0 ? 0 : b / total }));
    shares.sort((a, b) => b.share - a.share);
    const perSnapshot = total / samples.length;
    const stack = shares
      .map(
        (s, i) =>
          `<span style="width:${(s.share * 100).toFixed(2)}%;background:${SHARE_COLORS[i % SHARE_COLORS.length]}" title="${escapeHtml(`${s.field} ${(s.share * 100).toFixed(1)} %`)}"></span>`,
      )
      .join('');
    const text = shares.map((s) => `${escapeHtml(s.field)} ${(s.share * 100).toFixed(1)} %`).join(', ');
    parts.push(
      `<h3>${escapeHtml(strategy)}: ${num(perSnapshot, 1)} B per snapshot body</h3><div class="stack">${stack}</div><p class="note">${text}</p>`,
    );
  }
  return parts.join('');
}

/** The whole report: one self-contained page (inline SVG and CSS, no script, no network). */
export function labHtml(report: LabReport): string {
  const { lab } = report;
  const multipleRates = lab.rates.length > 1;
  const failed = report.cells.filter((c) => c.figures === null).length;
  const disturbed = report.cells.filter((c) => c.disturbed.length > 0).length;
  const repeated = report.cells.filter((c) => c.attempts > 1).length;
  const networks = lab.networks
    .map((n) => `<li><b>${escapeHtml(n.label)}</b>: ${escapeHtml(describeNetwork(n))}</li>`)
    .join('');
  const body = `<h1>Arena netcode lab</h1>
<p class="note">${report.cells.length} cells (${failed} failed): ${lab.strategies.map(escapeHtml).join(', ')} x ${lab.transports.map(escapeHtml).join(', ')} x ${lab.networks.length} networks x ${lab.rates.map((r) => `${r.tick_hz}/${r.snapshot_hz} Hz`).join(', ')}; ${lab.bots} probes per cell, ${lab.warmup_s} s warm-up then ${lab.duration_s} s measured; ${escapeHtml(lab.mode)} mode, seed ${lab.seed}${lab.replay === null ? (lab.script === 'combat' ? ', combat script (probes aim, fire, die and respawn)' : lab.fire ? ', scripted inputs, firing' : ', scripted inputs, no firing') : `, replaying the ${lab.replay.players} players of ${escapeHtml(lab.replay.file)} (${lab.replay.ticks} ticks at ${lab.replay.tick_hz} Hz)`}; network simulated ${lab.shaping === 'bots' ? "on each probe's side" : 'by the server on every connection'}.</p>
<table>
<tr><th class="l">when</th><td class="l">${escapeHtml(lab.started_at)} to ${escapeHtml(lab.finished_at)}</td></tr>
<tr><th class="l">command</th><td class="l"><code>${escapeHtml(lab.command)}</code></td></tr>
<tr><th class="l">machine</th><td class="l">${escapeHtml(lab.machine)}</td></tr>
<tr><th class="l">load average (1, 5, 15 min)</th><td class="l">before ${lab.load_average_before.join(' ')}, after ${lab.load_average_after.join(' ')}</td></tr>
<tr><th class="l">pinning</th><td class="l">${escapeHtml(lab.pinning)}</td></tr>
<tr><th class="l">code</th><td class="l">${escapeHtml(lab.code)}</td></tr>
</table>
<ul>${networks}</ul>
<p class="note">Every cell plays the same match as far as a network allows: the same seed (map and spawn
points), the same join order (so the same player ids), and each probe sends the same k-th input in
every cell (an input script seeded per probe, or a recorded player's inputs with --replay, indexed by sequence number). What differs is when
inputs land: a delayed or retransmitted input is applied a tick or more later than on the LAN, so
the players' relative positions at a given tick differ slightly from cell to cell. CPU time and
bytes survive a busy machine well; latencies and the error figures depend on timing and are only
as calm as the machine was.${lab.script === 'combat' ? ' With the combat script a probe reacts to what it sees (where it runs, whom it aims at), so its inputs follow the others as that cell showed them: the cells play the same seeded decisions, not the same inputs.' : ''}</p>
${transportChart(report)}
<h2>Strategies compared</h2>
<p class="note">${repeated} cell(s) were run again after a failed or disturbed run (at most ${lab.retries} repeat(s) each); ${disturbed} remain <span class="bad">(disturbed)</span>: the server missed ticks or the probes drew late while another process had the core, so their latency, extrapolation and interpolation figures show the machine rather than the network (bytes and CPU per tick are still sound). Hover the mark for the reason.</p>
${comparisonTable(report, multipleRates)}
<h2>Charts</h2>
${charts(report, multipleRates)}
<h2>Where the snapshot bytes go</h2>
<p class="note">GET /api/rooms/:id/bytes during each cell's window (the newest snapshot against the one two back,
as the server attributes it), averaged over the strategy's cells. For delta+aoi the whole world is
attributed, so the shares are those of delta; what AOI saves is in the bytes per client above.</p>
${attributionSection(report)}
<h2>Every cell</h2>
${report.cells.map(cellDetails).join('\n')}
<h2>What the figures mean</h2>
<ul class="note">
<li><b>snapshot age</b>: at every frame, how long ago the server made the newest snapshot the probe holds: the fastest snapshot's trip (half the smallest ping RTT) plus how much later than that fastest one the snapshot arrived, plus the time since it arrived. <b>Freezes</b>: gaps of more than 100 ms between snapshots that move the probe on (a late one older than the newest does not count). <b>Hit accuracy</b> (--script combat): hits the server granted (its hit and kill events) per hit the shooters saw (the shot's ray met a living player, with no wall before it, in the shooter's view at the frame it fired); above 1 when a shot seen missing was granted. <b>Rewind</b>: the server's lag-compensation histogram over the window. <b>Datagram fallbacks</b>: probes of a datagram cell whose channel did not open after 3 offers; they are measured on the WebSocket and named in the cell's problems.</li>
<li><b>B/client/s</b>: every message each probe received, payload plus WebSocket frame header (or, for a datagram, an estimated 65 bytes of SCTP and DTLS framing), counted as it came off the socket (before a bot-side simulated network delays or drops it): what the server sent that client.</li>
<li><b>µs CPU/client/tick</b>: the server process's CPU time over the window (GET /metrics, process_cpu_seconds_total) divided by N x ticks; it includes writing the recording the lab needs for its ground truth, the same in every cell.</li>
<li><b>ack latency</b>: from the moment a probe produced an input to the moment it received (after the simulated network) the first snapshot whose ack covers it.</li>
<li><b>prediction error</b>: at every snapshot that acknowledges new inputs, how far reconciliation moves the own predicted position (the prediction before, against the replay of the unacknowledged inputs from the server's position). It is the error of the prediction for the acknowledged input, carried forward; 0 means the prediction was exact. Corrections count those above 0.1 unit (positions travel in 1/16 unit); snaps those above 48 units, which the game draws as a jump.</li>
<li><b>interpolation error</b>: in every frame (${lab.fps} per second per probe), for every other player drawn, the distance between where the probe drew it at its render tick and where the server had it at that tick (the recording re-simulated with the server's World; a fractional tick between the two ticks around it, linearly).</li>
<li><b>extrapolation</b>: the share of frames in which others were drawn past the newest snapshot (the buffer ran dry), and how far past it; the game extrapolates at most 250 ms, then freezes others.</li>
<li><b>drawn behind</b>: newest snapshot tick minus render tick: the interpolation delay as it really is after the timeline absorbed jitter.</li>
<li><b>inputs queued on the server</b>: the game's input pacer estimates, at every frame, how many of its inputs wait in the server's queue (unacknowledged inputs minus a round trip's worth); the server applies one per tick (two after an empty tick), so each queued input is a tick of latency the network alone does not explain. The recording says, per tick, how many inputs the server really applied to each probe (none, one, several).</li>
</ul>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Arena netcode lab ${escapeHtml(lab.started_at)}</title><style>${STYLE}</style></head><body>${body}</body></html>\n`;
}
