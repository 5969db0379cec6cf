import { expect, test } from 'vitest';
import type { CellFigures } from './cell-figures';
import { disturbances } from './disturbance';

const calm = {
  achieved_tick_hz: 59.9,
  probe_fps: 59.7,
  lab_loop_lag_p99_ms: 12,
  lab_loop_lag_max_ms: 40,
  server_ticks_skipped: 0,
} as CellFigures;

test('a cell that held its tick rate and frame rate, with a calm event loop, is not disturbed', () => {
  expect(disturbances(calm, 60, 60)).toEqual([]);
});

test('missed ticks, late frames and a stalled lab event loop are each named', () => {
  expect(disturbances({ ...calm, achieved_tick_hz: 55.2 }, 60, 60)).toEqual([
    'server ran 55.2 of 60 ticks/s',
  ]);
  expect(disturbances({ ...calm, probe_fps: 48 }, 60, 60)).toEqual(['probes drew 48.0 of 60 frames/s']);
  expect(disturbances({ ...calm, lab_loop_lag_p99_ms: 80 }, 60, 60)).toEqual([
    'lab event loop delayed 80 ms (p99)',
  ]);
  expect(disturbances({ ...calm, lab_loop_lag_max_ms: 240 }, 60, 60)).toEqual([
    'lab event loop stalled once for 240 ms',
  ]);
  expect(disturbances({ ...calm, server_ticks_skipped: 7 }, 60, 60)).toEqual([
    'server skipped 7 ticks after a stall',
  ]);
});

test('missing figures are not a disturbance', () => {
  const unknown = {
    achieved_tick_hz: null,
    probe_fps: null,
    lab_loop_lag_p99_ms: null,
    lab_loop_lag_max_ms: null,
    server_ticks_skipped: null,
  } as unknown as CellFigures;
  expect(disturbances(unknown, 60, 60)).toEqual([]);
});
