/**
 * What the datagram path did, for /metrics (datagram-metrics.ts): channels open now, channels
 * that never opened, datagrams each way, inputs' datagrams lost (from sequence gaps) and
 * snapshots too large for a datagram. Plain numbers: counting costs nothing until a scrape.
 */
export class DatagramStats {
  /** Channels open right now (clients whose snapshots and inputs travel as datagrams). */
  open = 0;
  /** Negotiations that ended without an open channel (timeout, bad offer, no native library). */
  failed = 0;
  /** Channels that opened. */
  opened = 0;
  datagramsIn = 0;
  datagramsOut = 0;
  /** Client datagrams lost, counted from gaps in the newest input seq each carries. */
  lost = 0;
  /** Snapshots of a client on datagrams sent over its WebSocket: longer than DATAGRAM_MAX_BYTES. */
  oversizedSnapshots = 0;
}
