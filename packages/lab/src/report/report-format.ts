import type { CellReport } from './lab-report';

/** A figure as the report receives it: null or undefined when the cell could not measure it. */
export type Figure = number | null | undefined;

/** A figure with at most `digits` decimals and thousands separators; "-" when there is none. */
export function num(value: Figure, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** `value` as a multiple of `base` ("1.25x"); "-" when either is missing or `base` is 0. */
export function ratio(value: Figure, base: Figure): string {
  if (value === null || value === undefined || base === null || base === undefined || base === 0) return '-';
  const r = value / base;
  return `${r.toFixed(2)}x`;
}

/** A simulated network in words: latency and the RTT it adds, jitter, loss and bandwidth cap. */
export function describeNetwork(n: CellReport['network']): string {
  const bw = n.bandwidthKbps === 0 ? 'no cap' : `${n.bandwidthKbps} kbit/s`;
  return `${n.latencyMs} ms one way (RTT +${2 * n.latencyMs} ms), jitter ±${n.jitterMs} ms, loss ${n.lossPct} %, ${bw}`;
}
