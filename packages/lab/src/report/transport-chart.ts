import { escapeHtml } from '@arena/loadtest';
import { type Bar, barChart } from './bar-chart';
import type { CellReport, LabReport } from './lab-report';

/** The loss rate the headline answers for, percent; the nearest loss in the grid when it has no 2 %. */
export const HEADLINE_LOSS_PCT = 2;

const COLORS: Readonly<Record<string, readonly string[]>> = {
  websocket: ['#d62728', '#ff9896'],
  datagram: ['#1f77b4', '#aec7e8'],
};

function lossOf(cell: CellReport): number {
  return cell.network.lossPct;
}

/**
 * The report's first chart: what unreliable datagrams buy over TCP at 2 % loss. For each RTT in
 * the grid (a network with that loss), the age of the newest snapshot the client holds (bar p50,
 * whisker p99) and the freezes per minute, WebSocket against datagram for each strategy. Empty
 * when the lab did not run both transports on a lossy network.
 */
export function transportChart(report: LabReport): string {
  const { transports, strategies } = report.lab;
  if (!transports.includes('websocket') || !transports.includes('datagram')) return '';
  const losses = [...new Set(report.cells.map(lossOf))].filter((loss) => loss > 0);
  if (losses.length === 0) return '';
  const loss = losses.reduce((best, l) =>
    Math.abs(l - HEADLINE_LOSS_PCT) < Math.abs(best - HEADLINE_LOSS_PCT) ? l : best,
  );
  const cells = report.cells.filter((cell) => lossOf(cell) === loss);
  const rtts = [...new Set(cells.map((cell) => 2 * cell.network.latencyMs))].sort((a, b) => a - b);
  const groups = rtts.map((rtt) => `RTT ${rtt} ms`);
  const find = (strategy: string, transport: string, rtt: number) =>
    cells.find((c) => c.strategy === strategy && c.transport === transport && 2 * c.network.latencyMs === rtt)
      ?.figures ?? null;
  const series = (pick: (f: NonNullable<CellReport['figures']>) => Bar) =>
    strategies.flatMap((strategy, s) =>
      ['websocket', 'datagram'].map((transport) => ({
        name: `${strategy} / ${transport}`,
        color: COLORS[transport]![Math.min(s, 1)]!,
        bars: rtts.map((rtt) => {
          const f = find(strategy, transport, rtt);
          return f === null ? { value: null } : pick(f);
        }),
      })),
    );
  const age = barChart({
    title: `Snapshot age at the client, ${loss} % loss`,
    yLabel: 'ms since the server made it',
    groups,
    series: series((f) => ({ value: f.snapshot_age_ms.p50, high: f.snapshot_age_ms.p99 })),
    whiskerLabel: 'bar p50, whisker p99',
  });
  const freezes = barChart({
    title: `Freezes (> 100 ms without a new snapshot), ${loss} % loss`,
    yLabel: 'per client per minute',
    groups,
    series: series((f) => ({ value: f.freezes_per_client_min })),
  });
  const shown = cells.filter((c) => strategies.includes(c.strategy));
  const disturbed = shown.filter((c) => c.disturbed.length > 0 || c.figures === null);
  const caveat =
    disturbed.length === 0
      ? ''
      : `<p class="note bad">${disturbed.length} of the ${shown.length} cells shown were disturbed by the machine or failed (their freezes and ages are partly the machine's): ${disturbed.map((c) => escapeHtml(c.id)).join('; ')}.</p>`;
  return `<h2>What datagrams buy over TCP at ${escapeHtml(String(loss))} % loss</h2>
<p class="note">Same probes, same loss: on the WebSocket a lost segment is retransmitted and holds every snapshot behind it (head-of-line blocking), so snapshots arrive late in bursts; on the datagram channel a lost snapshot is gone and the next arrives on time. Snapshot age is how long ago the server made the newest snapshot a probe holds, at every frame; a freeze is a gap of more than 100 ms between snapshots that move the probe on.</p>
<div class="charts">${age}${freezes}</div>${caveat}`;
}
