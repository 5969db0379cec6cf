import type { NetworkSpec } from '@arena/loadtest';

/** A tick rate and a snapshot (send) rate, Hz. */
export interface Rates {
  readonly tickHz: number;
  readonly snapshotHz: number;
}

/** The path snapshots and inputs take: the WebSocket (TCP), or a WebRTC datagram channel. */
export type LabTransport = 'websocket' | 'datagram';

export const LAB_TRANSPORTS: readonly LabTransport[] = ['websocket', 'datagram'];

/** One cell of the grid: a strategy over one transport under one network at one pair of rates. */
export interface LabCell {
  /** "delta+aoi | rtt150-loss2 | 60/30", with the transport after the strategy when the grid has any but websocket. */
  readonly id: string;
  readonly strategy: string;
  readonly transport: LabTransport;
  readonly network: NetworkSpec;
  readonly rates: Rates;
}

export function ratesLabel(rates: Rates): string {
  return `${rates.tickHz}/${rates.snapshotHz}`;
}

/**
 * Every combination, rates outermost, then networks, then strategies, then transports: the
 * cells of one condition run back to back, so a comparison between them spans the least time
 * (on a shared machine, the background load changes by the minute). A grid of WebSocket cells
 * only keeps the ids it always had ("delta | lan | 60/30").
 */
export function buildGrid(
  strategies: readonly string[],
  networks: readonly NetworkSpec[],
  rates: readonly Rates[],
  transports: readonly LabTransport[] = ['websocket'],
): LabCell[] {
  const isNamed = transports.some((transport) => transport !== 'websocket');
  const cells: LabCell[] = [];
  for (const rate of rates) {
    for (const network of networks) {
      for (const strategy of strategies) {
        for (const transport of transports) {
          const via = isNamed ? ` | ${transport}` : '';
          cells.push({
            id: `${strategy}${via} | ${network.label} | ${ratesLabel(rate)}`,
            strategy,
            transport,
            network,
            rates: rate,
          });
        }
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
