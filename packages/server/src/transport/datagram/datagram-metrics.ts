import { Counter, Gauge, type Registry } from 'prom-client';
import type { DatagramStats } from './datagram-stats';

/**
 * Registers the datagram path's series: clients per path (`arena_clients_by_path`; the two add up
 * to `arena_clients`), channels that never opened, datagrams each way, datagrams lost and
 * snapshots too large for one. Read from `stats` at scrape time.
 */
export function registerDatagramMetrics(
  registry: Registry,
  stats: DatagramStats,
  clients: () => number,
): void {
  new Gauge({
    name: 'arena_clients_by_path',
    help: 'Connected clients by the path their snapshots and inputs take: datagram (an open DataChannel) or websocket',
    labelNames: ['path'],
    registers: [registry],
    collect() {
      this.set({ path: 'datagram' }, stats.open);
      this.set({ path: 'websocket' }, Math.max(0, clients() - stats.open));
    },
  });
  counter(
    registry,
    'arena_datagram_channels_opened_total',
    'Datagram channels that opened',
    () => stats.opened,
  );
  counter(
    registry,
    'arena_datagram_channels_failed_total',
    'Datagram channels that did not open (timeout, refused offer): those clients play on over the WebSocket',
    () => stats.failed,
  );
  new Counter({
    name: 'arena_datagrams_total',
    help: 'Datagrams over DataChannels, by direction',
    labelNames: ['direction'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ direction: 'in' }, stats.datagramsIn);
      this.inc({ direction: 'out' }, stats.datagramsOut);
    },
  });
  counter(
    registry,
    'arena_datagrams_lost_total',
    'Client datagrams lost, from gaps in the input sequence they carry',
    () => stats.lost,
  );
  counter(
    registry,
    'arena_datagram_snapshots_oversized_total',
    'Snapshots for a client on datagrams sent over its WebSocket instead: larger than a datagram may be',
    () => stats.oversizedSnapshots,
  );
}

function counter(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}
