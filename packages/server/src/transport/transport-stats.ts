import type { WirePath } from './arena-wire';

/**
 * What the transport tells `/metrics`: open connections by path, the sockets read before their
 * room's tick, and why connections left the fast path. Counters only; read at scrape time.
 */
export class TransportStats {
  private readonly open: Record<WirePath, number> = { fast: 0, standard: 0 };
  private readonly reasons = new Map<string, number>();
  private batched = 0;

  /** `onFirstFallback` is told each reason once, the first time a connection falls back for it (a log line). */
  constructor(private readonly onFirstFallback: (reason: string) => void = () => {}) {}

  opened(path: WirePath): void {
    this.open[path]++;
  }

  moved(from: WirePath, to: WirePath): void {
    this.open[from]--;
    this.open[to]++;
  }

  closed(path: WirePath): void {
    this.open[path]--;
  }

  batchedChanged(delta: 1 | -1): void {
    this.batched += delta;
  }

  fellBack(reason: string): void {
    const count = this.reasons.get(reason) ?? 0;
    this.reasons.set(reason, count + 1);
    if (count === 0) this.onFirstFallback(reason);
  }

  /** Open connections on each path. */
  get connections(): Readonly<Record<WirePath, number>> {
    return { ...this.open };
  }

  /** Sockets libuv does not poll: their rooms read them before each tick. */
  get batchedSockets(): number {
    return this.batched;
  }

  /** Connections that fell back to the standard path, by reason. */
  get fallbacks(): ReadonlyMap<string, number> {
    return this.reasons;
  }
}
