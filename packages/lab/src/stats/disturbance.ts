import type { CellFigures } from './cell-figures';

/** Below this share of its tick rate, the server lost ticks: another process took its core. */
const MIN_TICK_SHARE = 0.97;
/** Below this share of the asked frame rate, the probes' core was short. */
const MIN_FPS_SHARE = 0.9;
/** An event-loop delay p99 above this (ms) in the lab process means late frames and late handling. */
const MAX_LAB_LOOP_LAG_MS = 30;
/**
 * A single stall longer than this (ms) holds the probes' inputs back and releases them in a burst;
 * the server drains such a burst at one input per tick, so it shows in ack latency for seconds.
 */
const MAX_LAB_STALL_MS = 100;

/**
 * Why a cell's timing figures cannot be trusted, in words (empty: nothing seen). On a shared
 * machine another process can take either core for a while: the server then misses ticks, or the
 * probes draw and read late, and latency, extrapolation and interpolation figures show the
 * machine instead of the network. Bytes and CPU time per tick survive such stalls.
 */
export function disturbances(f: CellFigures, tickHz: number, fps: number): string[] {
  const reasons: string[] = [];
  if (f.achieved_tick_hz !== null && f.achieved_tick_hz < MIN_TICK_SHARE * tickHz) {
    reasons.push(`server ran ${f.achieved_tick_hz.toFixed(1)} of ${tickHz} ticks/s`);
  }
  if (f.probe_fps !== null && f.probe_fps < MIN_FPS_SHARE * fps) {
    reasons.push(`probes drew ${f.probe_fps.toFixed(1)} of ${fps} frames/s`);
  }
  if (f.lab_loop_lag_p99_ms !== null && f.lab_loop_lag_p99_ms > MAX_LAB_LOOP_LAG_MS) {
    reasons.push(`lab event loop delayed ${f.lab_loop_lag_p99_ms.toFixed(0)} ms (p99)`);
  } else if (f.lab_loop_lag_max_ms !== null && f.lab_loop_lag_max_ms > MAX_LAB_STALL_MS) {
    reasons.push(`lab event loop stalled once for ${f.lab_loop_lag_max_ms.toFixed(0)} ms`);
  }
  if (f.server_ticks_skipped !== null && f.server_ticks_skipped > 0) {
    reasons.push(`server skipped ${f.server_ticks_skipped} ticks after a stall`);
  }
  return reasons;
}
