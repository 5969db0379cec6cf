import { Counter, Gauge, type Registry } from 'prom-client';

/** Hardening counters, registered beside the server's own metrics (GET /metrics). */
export class SecurityMetrics {
  private readonly skipped: Counter;
  private readonly disconnects: Counter;

  /** `tcpConnections` reads the open TCP connections when scraped. */
  constructor(registry: Registry, tcpConnections: () => number) {
    new Gauge({
      name: 'arena_tcp_connections',
      help: 'Open TCP connections, counted from accept (players, page loads, API calls, idle ones)',
      registers: [registry],
      collect() {
        this.set(tcpConnections());
      },
    });
    this.skipped = new Counter({
      name: 'arena_snapshots_skipped_total',
      help: 'Snapshots not sent to a client whose outbound queue was backed up',
      registers: [registry],
    });
    this.disconnects = new Counter({
      name: 'arena_clients_disconnected_total',
      help: 'Clients the server disconnected, by error code',
      labelNames: ['code'],
      registers: [registry],
    });
  }

  snapshotSkipped(): void {
    this.skipped.inc();
  }

  disconnected(code: string): void {
    this.disconnects.inc({ code });
  }
}
