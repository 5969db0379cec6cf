import { escapeHtml } from '@arena/loadtest';
import type { Distribution } from '../stats/error-stats';
import type { CellReport } from './lab-report';
import { describeNetwork, type Figure, num } from './report-format';

function distRow(name: string, d: Distribution, unit: string, meaning: string): string {
  return `<tr><td class="l">${escapeHtml(name)}</td><td>${num(d.mean, 2)}</td><td>${num(d.p50, 2)}</td><td>${num(d.p95, 2)}</td><td>${num(d.p99, 2)}</td><td>${num(d.max, 2)}</td><td>${num(d.count, 0)}</td><td class="l">${escapeHtml(unit)}</td><td class="l">${escapeHtml(meaning)}</td></tr>`;
}

/** One cell's section of "Every cell": every figure and distribution, folded under its id. */
export function cellDetails(cell: CellReport): string {
  const f = cell.figures;
  const title = `${escapeHtml(cell.id)}${f === null ? ' <span class="bad">(failed)</span>' : ''}`;
  if (f === null) {
    return `<details><summary>${title}</summary><p class="bad">${escapeHtml(cell.error ?? '')}</p></details>`;
  }
  const scalar: [string, Figure, string][] = [
    ['runs', cell.attempts, cell.attempts > 1 ? 'earlier runs failed or were disturbed' : ''],
    ['load average (1 min) before', cell.load_1m_before, 'the whole machine, other work included'],
    ['probes joined / N', f.joined, `of ${f.n}`],
    ['measured window s', f.duration_s, ''],
    ['ticks/s', f.achieved_tick_hz, `room target ${cell.tick_hz}`],
    ['server CPU %', f.server_cpu_pct, '100 = one core'],
    ['µs CPU / client / tick', f.cpu_us_per_client_tick, 'server CPU µs / (N x ticks)'],
    ['down B / client / s', f.down_bytes_per_client_s, 'payload + WebSocket header, as received'],
    ['server bytes out / client / s', f.server_bytes_out_per_client_s, "the server's own count"],
    ['messages / client / s', f.down_msgs_per_client_s, ''],
    ['snapshots / client / s', f.snapshots_per_client_s, `room sends ${cell.snapshot_hz}`],
    ['snapshots dropped %', f.snapshots_dropped_pct, 'by the bot-side simulated network'],
    ['inputs / client / s', f.inputs_per_client_s, ''],
    ['inputs per message', f.inputs_per_message, 'batched when a frame covers several ticks'],
    ['server inputs dropped', f.server_inputs_dropped, 'queue bound, stale or duplicate'],
    [
      'ticks with no input / one / several %',
      f.server_inputs_per_tick === null ? null : f.server_inputs_per_tick.none_pct,
      f.server_inputs_per_tick === null
        ? ''
        : `${num(f.server_inputs_per_tick.none_pct, 1)} / ${num(f.server_inputs_per_tick.one_pct, 1)} / ${num(f.server_inputs_per_tick.several_pct, 1)} % of the probes' ticks (from the recording)`,
    ],
    ['transport', null, f.transport],
    [
      'datagram channels opened / fallbacks',
      f.channels?.opened,
      f.channels === null
        ? 'WebSocket cell'
        : `${f.channels.fallbacks} probe(s) stayed on the WebSocket, ${f.channels.closed} went back to it, ${f.channels.attempts} offers`,
    ],
    ['datagrams / client / s', f.datagrams_per_client_s, 'snapshots over the channel, before simulated loss'],
    [
      'freezes / client / min',
      f.freezes_per_client_min,
      'gaps > 100 ms between snapshots that move the probe on',
    ],
    ['frozen % of time', f.frozen_pct, 'the length of those gaps'],
    ['shots / client / s', f.shots_per_client_s, 'trigger held with the cooldown passed'],
    ['hits seen by shooters', f.seen_hits, "the shot's ray met a player in the shooter's own view"],
    ['hits granted by the server', f.granted_hits, 'hit and kill events crediting the shooter'],
    ['hit accuracy', f.hit_accuracy, 'granted / seen'],
    [
      'rewind p50 ms',
      f.rewind?.p50_ms,
      `arena_lag_compensation_rewind_seconds, ${f.rewind?.shots ?? 0} shots`,
    ],
    ['rewind p99 ms', f.rewind?.p99_ms, 'bucket-interpolated'],
    ['corrections / client / s', f.corrections_per_client_s, 'reconciliations moving > 0.1 unit'],
    ['correction snaps', f.correction_snaps, '> 48 units: drawn as a jump'],
    ['extrapolating % of frames', f.extrapolation.frame_pct, 'others drawn past the newest snapshot'],
    ['interpolation samples without truth', f.interpolation_unmatched, ''],
    ['probe frames / s', f.probe_fps, 'each probe draws this often (asked for in --fps)'],
    ['lab CPU %', f.lab_cpu_pct, 'the lab process with every probe, 100 = one core'],
    ['lab event-loop delay p99 ms', f.lab_loop_lag_p99_ms, 'late frames and late message handling'],
    ['lab event-loop delay max ms', f.lab_loop_lag_max_ms, 'the longest stall of the probes in the window'],
    ['server ticks skipped', f.server_ticks_skipped, "given up after a stall of the server's own"],
    ['ground truth ticks', f.truth?.ticks, ''],
    ['truth diverged at tick', f.truth?.diverged_at_tick, 'empty = every tick hash matched'],
  ];
  const scalarRows = scalar
    .map(
      ([name, value, meaning]) =>
        `<tr><td class="l">${escapeHtml(name)}</td><td>${num(value, 2)}</td><td class="l">${escapeHtml(meaning)}</td></tr>`,
    )
    .join('');
  const dists = [
    distRow('ack latency', f.ack_ms, 'ms', 'input produced -> first snapshot acking it received'),
    distRow('prediction error', f.prediction_error, 'units', 'own position: reconciliation move at each ack'),
    distRow(
      'interpolation error',
      f.interpolation_error,
      'units',
      'remote players: drawn vs server at render tick',
    ),
    distRow(
      'extrapolation (when)',
      f.extrapolation.when_extrapolating_ms,
      'ms',
      'past the newest snapshot, frames that extrapolate',
    ),
    distRow('drawn behind', f.render_behind_ms, 'ms', 'newest snapshot tick - render tick'),
    distRow('snapshot age', f.snapshot_age_ms, 'ms', 'since the server made the newest snapshot held'),
    distRow(
      'input backlog',
      f.input_backlog,
      'inputs',
      "the pacer's estimate of inputs queued on the server",
    ),
  ].join('');
  const problems =
    f.problems.length === 0
      ? ''
      : `<p class="bad">problems: ${f.problems.map((p) => escapeHtml(p)).join('; ')}</p>`;
  const disturbed =
    cell.disturbed.length === 0
      ? ''
      : `<p class="bad">disturbed by the machine: ${cell.disturbed.map((d) => escapeHtml(d)).join('; ')}; its latency, extrapolation and interpolation figures show that, not the network</p>`;
  return `<details><summary>${title}</summary>${disturbed}<p class="note">network: ${escapeHtml(describeNetwork(cell.network))}; rates ${cell.tick_hz} Hz ticks, ${cell.snapshot_hz} Hz snapshots; started ${escapeHtml(cell.started_at)}, ${cell.wall_s} s wall</p>
<table><tr><th class="l">figure</th><th>value</th><th class="l">meaning</th></tr>${scalarRows}</table>
<table><tr><th class="l">distribution</th><th>mean</th><th>p50</th><th>p95</th><th>p99</th><th>max</th><th>samples</th><th class="l">unit</th><th class="l">meaning</th></tr>${dists}</table>${problems}</details>`;
}
