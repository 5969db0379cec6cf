import type { RtcSignalMessage } from '@arena/protocol';
import type { Logger } from '../../rooms/room-types';
import { DatagramLink, type DatagramLinkSink } from './datagram-link';
import type { DatagramStats } from './datagram-stats';
import type { SignallingLimits } from './signalling-state';

/** node-datachannel's module, as loaded on first use. */
export type NodeDataChannel = typeof import('node-datachannel');

/** How long a channel has to open after its offer before the client is told to stay on the WebSocket, ms. */
export const DATAGRAM_OPEN_TIMEOUT_MS = 5000;

const SIGNALLING_LIMITS: SignallingLimits = {
  openTimeoutMs: DATAGRAM_OPEN_TIMEOUT_MS,
  maxCandidates: 16,
  maxOffers: 3,
};

export interface DatagramHostOptions {
  readonly logger: Logger;
  readonly stats: DatagramStats;
  /** Signalling limits instead of the defaults (tests). */
  readonly limits?: Partial<SignallingLimits>;
  /**
   * Test hook: offers are accepted and then never answered, so the channel never opens and the
   * open timeout takes the client back to the WebSocket (tests of the fallback).
   */
  readonly ignoresOffers?: boolean;
  /** Loads node-datachannel (tests give a stand-in). @default a dynamic import of "node-datachannel" */
  readonly library?: () => Promise<NodeDataChannel>;
}

/**
 * The datagram path of one server: loads node-datachannel (a native addon) the first time a
 * seated client offers a channel, so a server whose rooms never use datagrams loads no native
 * code, and makes each connection's DatagramLink.
 */
export class DatagramHost {
  private library: Promise<NodeDataChannel> | undefined;
  private readonly links = new Set<DatagramLink>();
  private readonly limits: SignallingLimits;

  constructor(private readonly options: DatagramHostOptions) {
    this.limits = { ...SIGNALLING_LIMITS, ...options.limits };
  }

  get stats(): DatagramStats {
    return this.options.stats;
  }

  /** A link for one connection; it negotiates nothing until its client sends an offer. */
  link(connectionId: string, sink: DatagramLinkSink): DatagramLink {
    const link = new DatagramLink(connectionId, sink, {
      host: this,
      limits: this.limits,
      logger: this.options.logger,
      stats: this.options.stats,
      ignoresOffers: this.options.ignoresOffers ?? false,
      onGone: () => this.links.delete(link),
    });
    this.links.add(link);
    return link;
  }

  /** node-datachannel, imported once, on first use. */
  load(): Promise<NodeDataChannel> {
    this.library ??= this.options.library?.() ?? import('node-datachannel');
    return this.library;
  }

  /** Closes every link (server shutdown), telling no one: the sockets are going too. */
  closeAll(): void {
    for (const link of [...this.links]) link.close();
  }

  /** Links that exist (negotiating, open or idle), for leak checks. */
  get linkCount(): number {
    return this.links.size;
  }
}

export type { RtcSignalMessage };
