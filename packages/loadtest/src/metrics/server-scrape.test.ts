import { expect, test } from 'vitest';
import { bucketDelta, histogramQuantile } from './histogram-quantile';
import { MetricSet, parsePrometheusText } from './prometheus-text';
import { readServerScrape, serverWindow } from './server-scrape';

function exposition(ticks: number, cpu: number, buckets: [string, number][]): string {
  return [
    '# HELP arena_ticks_total Room ticks run',
    '# TYPE arena_ticks_total counter',
    `arena_ticks_total ${ticks}`,
    `arena_room_ticks_total{room="bench"} ${ticks}`,
    `arena_room_ticks_total{room="other"} 5`,
    `process_cpu_seconds_total ${cpu}`,
    ...buckets.map(([le, count]) => `arena_tick_duration_seconds_bucket{le="${le}"} ${count}`),
    `arena_tick_duration_seconds_count ${buckets.at(-1)![1]}`,
    'arena_room_tick_duration_seconds{room="bench",quantile="0.99"} 0.004',
    'arena_refused_total{code="ARENA_ERR_BAD_MESSAGE"} 2',
    'arena_refused_total{code="ARENA_ERR_ROOM_FULL"} 1',
    'nodejs_eventloop_lag_p99_seconds 0.0112',
  ].join('\n');
}

test('parses names, label sets, escaped label values and special values', () => {
  const samples = parsePrometheusText(
    'a_total{code="x\\"y",le="+Inf"} +Inf\n# comment\n\nb 1.5e-3 1700000000\nc{} NaN\n',
  );
  expect(samples[0]).toEqual({
    name: 'a_total',
    labels: { code: 'x"y', le: '+Inf' },
    value: Number.POSITIVE_INFINITY,
  });
  expect(samples[1]).toEqual({ name: 'b', labels: {}, value: 0.0015 });
  expect(Number.isNaN(samples[2]!.value)).toBe(true);
  expect(() => parsePrometheusText('not a sample line at all {')).toThrow(/unparseable/);
});

test('sums and selects by label subset', () => {
  const set = MetricSet.parse(exposition(10, 1, [['+Inf', 10]]));
  expect(set.sum('arena_refused_total')).toBe(3);
  expect(set.value('arena_room_ticks_total', { room: 'other' })).toBe(5);
  expect(set.value('missing')).toBeUndefined();
});

test('interpolates a quantile inside its bucket, as histogram_quantile does', () => {
  const buckets = [
    { le: 0.001, count: 50 },
    { le: 0.002, count: 90 },
    { le: 0.004, count: 100 },
    { le: Number.POSITIVE_INFINITY, count: 100 },
  ];
  expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.001);
  expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.0015);
  expect(histogramQuantile(0.99, buckets)).toBeCloseTo(0.0038);
  expect(histogramQuantile(0.5, [{ le: Number.POSITIVE_INFINITY, count: 0 }])).toBeUndefined();
  expect(
    histogramQuantile(0.99, [
      { le: 0.001, count: 1 },
      { le: Number.POSITIVE_INFINITY, count: 100 },
    ]),
  ).toBe(0.001);
});

test('a window between two scrapes has its own tick rate, CPU and tick percentiles', () => {
  const a = readServerScrape(
    MetricSet.parse(
      exposition(600, 10, [
        ['0.001', 500],
        ['0.002', 600],
        ['+Inf', 600],
      ]),
    ),
    'bench',
    0,
  );
  const b = readServerScrape(
    MetricSet.parse(
      exposition(1200, 10.5, [
        ['0.001', 500],
        ['0.002', 1100],
        ['+Inf', 1200],
      ]),
    ),
    'bench',
    10_000,
  );
  const w = serverWindow(a, b);
  expect(w.ticks).toBe(600);
  expect(w.tickHz).toBeCloseTo(60);
  expect(w.cpuPct).toBeCloseTo(5);
  expect(w.tickMsP50).toBeCloseTo(1.6); // all 600 window ticks are above 1 ms
  expect(w.tickMsP99).toBe(2); // the top 100 are in +Inf: the highest finite bound
  expect(b.refused).toBe(3);
  expect(b.eventLoopLagP99Seconds).toBeCloseTo(0.0112);
  expect(b.roomTickP99Seconds).toBe(0.004);
  expect(bucketDelta(a.tickBuckets, b.tickBuckets).map((x) => x.count)).toEqual([0, 500, 600]);
});

test('refuses an exposition without Arena metrics', () => {
  expect(() => readServerScrape(MetricSet.parse('process_cpu_seconds_total 1'), 'bench', 0)).toThrow(
    /is this an Arena server/,
  );
});
