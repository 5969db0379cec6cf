import { expect, test } from 'vitest';
import { parseWrkOutput } from './wrk-load';

const REPORT = `Running 3s test @ http://127.0.0.1:3311/healthz
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.21ms    1.94ms  27.27ms   84.61%
    Req/Sec     6.40k   312.55     6.91k    73.33%
  Latency Distribution
     50%    5.01ms
     75%    5.80ms
     90%    7.09ms
     99%  843.00us
  19096 requests in 3.00s, 3.22MB read
  Socket errors: connect 2, read 0, write 1, timeout 3
  Non-2xx or 3xx responses: 96
Requests/sec:   6365.29
Transfer/sec:      1.07MB
`;

test("wrk's report: answers, failures, throughput and latency in ms whatever unit wrk printed", () => {
  expect(parseWrkOutput(REPORT)).toEqual({
    duration_s: 3,
    ok: 19_000,
    non_2xx: 96,
    errors: 6,
    error_samples: ['Socket errors: connect 2, read 0, write 1, timeout 3'],
    rps: 6333.3,
    ms_p50: 5.01,
    ms_p99: 0.84,
    ms_max: 27.27,
  });
});

test('a report without socket errors or non-2xx answers has none; one without a count is refused', () => {
  const clean = REPORT.replace(/ {2}Socket errors.*\n/, '').replace(/ {2}Non-2xx.*\n/, '');
  expect(parseWrkOutput(clean)).toMatchObject({ ok: 19_096, non_2xx: 0, errors: 0, error_samples: [] });
  expect(() => parseWrkOutput('wrk: connection refused')).toThrow(/no request count/);
});
