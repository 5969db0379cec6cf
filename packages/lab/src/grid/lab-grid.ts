import type { NetworkSpec } from '@arena/loadtest';

/** A tick rate and a snapshot (send) rate, Hz. */
export interface Rates {
  readonly tickHz: number;
  readonly snapshotHz: number;
}

/** One cell of the grid: a strategy under one network at one pair of rates. */
export interface LabCell {
  /** "delta+aoi | rtt150-loss2 | 60/30". */
  readonly id: string;
  readonly strategy: string;
  readonly network: NetworkSpec;
  readonly rates: Rates;
}

export function ratesLabel(rates: Rates): string {
  return `${rates.tickHz}/${rates.snapshotHz}`;
}

/**
 * Every combination, rates outermost, then networks, then strategies: the strategies of one
 * condition run back to back, so a comparison between them spans the least time (on a shared
 * machine, the background load changes by the minute).
 */
export function buildGrid(
  strategies: readonly string[],
  networks: readonly NetworkSpec[],
  rates: readonly Rates[],
): LabCell[] {
  const cells: LabCell[] = [];
  for (const rate of rates) {
    for (const network of networks) {
      for (const strategy of strategies) {
        cells.push({
          id: `${strategy} | ${network.label} | ${ratesLabel(rate)}`,
          strategy,
          network,
          rates: rate,
        });
      }
    }
  }
  return cells;
}

/** The cells whose id contains every one of the comma-separated terms (all of them for an empty filter). */
export function filterGrid(cells: readonly LabCell[], only: string | undefined): LabCell[] {
  const terms = (only ?? '')
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term !== '');
  return cells.filter((cell) => terms.every((term) => cell.id.includes(term)));
}
