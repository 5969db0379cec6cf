import { Counter, type Registry } from 'prom-client';

/** Hardening counters, registered beside the server's own metrics (GET /metrics). */
export class SecurityMetrics {
  private readonly skipped: Counter;
  private readonly disconnects: Counter;

  constructor(registry: Registry) {
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
