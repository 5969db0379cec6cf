import { expect, test } from 'vitest';
import { cellFigures } from '../stats/cell-figures';
import { distribution } from '../stats/error-stats';
import { labHtml } from './lab-html';
import type { CellReport, LabReport, LabRunInfo } from './lab-report';
import { transportChart } from './transport-chart';

const EMPTY = cellFigures({
  n: 4,
  probes: [],
  window: undefined,
  truth: undefined,
  teleportUnits: 48,
  byteAttribution: undefined,
  labCpuPct: undefined,
  labLoopLagP99Ms: undefined,
  labLoopLagMaxMs: undefined,
  problems: [],
});

function cell(
  transport: string,
  rttMs: number,
  lossPct: number,
  ageP99: number,
  freezes: number,
): CellReport {
  const label = `rtt${rttMs}-loss${lossPct}`;
  return {
    id: `delta | ${transport} | ${label} | 60/30`,
    strategy: 'delta',
    transport,
    network: { label, latencyMs: rttMs / 2, jitterMs: 0, lossPct, bandwidthKbps: 0 },
    tick_hz: 60,
    snapshot_hz: 30,
    started_at: '2026-01-01T00:00:00.000Z',
    wall_s: 10,
    attempts: 1,
    disturbed: [],
    load_1m_before: 1,
    figures: {
      ...EMPTY,
      transport,
      snapshot_age_ms: distribution(Float64Array.from([ageP99 / 2, ageP99])),
      freezes_per_client_min: freezes,
    },
    error: null,
  };
}

function report(transports: string[], cells: CellReport[]): LabReport {
  const lab: LabRunInfo = {
    started_at: '',
    finished_at: '',
    command: 'pnpm lab --study transport',
    machine: 'test',
    load_average_before: [],
    load_average_after: [],
    code: 'test',
    pinning: 'none',
    shaping: 'bots',
    mode: 'arena',
    bots: 4,
    duration_s: 1,
    warmup_s: 0,
    seed: 7,
    fire: false,
    replay: null,
    fps: 60,
    retries: 0,
    strategies: ['delta'],
    transports,
    script: 'combat',
    study: 'transport',
    networks: [],
    rates: [{ tick_hz: 60, snapshot_hz: 30 }],
  };
  return { lab, cells };
}

const GRID = [20, 150].flatMap((rtt) =>
  [0, 2, 5].flatMap((loss) => [
    cell('websocket', rtt, loss, 100 + rtt + loss * 100, loss * 10),
    cell('datagram', rtt, loss, 90 + rtt, loss),
  ]),
);

test('answers at 2 % loss: one group per RTT, websocket and datagram side by side', () => {
  const html = transportChart(report(['websocket', 'datagram'], GRID));
  expect(html).toContain('What datagrams buy over TCP at 2 % loss');
  expect(html).toContain('Snapshot age at the client, 2 % loss');
  expect(html).toContain('Freezes (&#62; 100 ms without a new snapshot), 2 % loss');
  expect(html).toContain('RTT 20 ms');
  expect(html).toContain('RTT 150 ms');
  expect(html).toContain('delta / websocket');
  expect(html).toContain('delta / datagram');
});

test('names the cells it shows that the machine disturbed', () => {
  const disturbed = GRID.map((c) =>
    c.transport === 'websocket' && c.network.latencyMs === 75
      ? { ...c, disturbed: ['server ran 50 of 60 ticks/s'] }
      : c,
  );
  expect(transportChart(report(['websocket', 'datagram'], GRID))).not.toContain('were disturbed');
  const html = transportChart(report(['websocket', 'datagram'], disturbed));
  expect(html).toContain('1 of the 4 cells shown were disturbed');
  expect(html).toContain('delta | websocket | rtt150-loss2 | 60/30');
});

test('comes first in the report, before the strategies are compared', () => {
  const html = labHtml(report(['websocket', 'datagram'], GRID));
  expect(html.indexOf('What datagrams buy over TCP')).toBeGreaterThan(0);
  expect(html.indexOf('What datagrams buy over TCP')).toBeLessThan(html.indexOf('Strategies compared'));
});

test('takes the loss nearest 2 % when the grid has no 2 %, and is absent without both transports or loss', () => {
  const no2 = GRID.filter((c) => c.network.lossPct !== 2);
  expect(transportChart(report(['websocket', 'datagram'], no2))).toContain('at 5 % loss');
  expect(
    transportChart(
      report(
        ['websocket'],
        GRID.filter((c) => c.transport === 'websocket'),
      ),
    ),
  ).toBe('');
  expect(
    transportChart(
      report(
        ['websocket', 'datagram'],
        GRID.filter((c) => c.network.lossPct === 0),
      ),
    ),
  ).toBe('');
});
