import type { NetworkConditions, TransportName } from '@arena/protocol';

/** What one bot does: where it joins, how often it sends, what it measures and over which path. */
export interface BotOptions {
  readonly url: string;
  readonly roomId: string;
  readonly name: string;
  readonly tickHz: number;
  /** Decodes every snapshot and times acks. */
  readonly isObserver: boolean;
  /** Non-observers count raw frames instead of running the client library's receive path. */
  readonly rawReceive: boolean;
  readonly connectTimeoutMs: number;
  /**
   * A simulated network on this bot's side of the connection (SimulatedLink), from the welcome
   * on: inputs are held back before they leave, messages after they arrive, snapshots may be
   * dropped. @default none
   */
  readonly network?: NetworkConditions;
  /** Seed of the link's random source (loss, jitter), so runs repeat. @default 1 */
  readonly networkSeed?: number;
  /**
   * Inputs per message: each input is still produced once per tick period (and its ack timed
   * from then), but they leave in `inputs` batches of this many (SCENARIO.md's batching rule).
   * @default 1
   */
  readonly inputsPerMessage?: number;
  /**
   * Send each input a short, adaptive lead before the server's next tick (tick-aligned-inputs.ts)
   * instead of at a free-running phase. Still one input per tick period. @default false
   */
  readonly alignInputs?: boolean;
  /**
   * "datagram": after the welcome, negotiate a DataChannel (node-rtc-peer.ts) for snapshots and
   * inputs (each with the few before it), staying on the WebSocket when it does not open. Such a
   * bot decodes its messages (no raw receive: signalling arrives over the WebSocket). @default "websocket"
   */
  readonly transport?: TransportName;
  /** Test hook: offer a channel but ignore the server's answer, so it never opens. @default false */
  readonly blockDatagrams?: boolean;
  /** How long to wait for the channel before staying on the WebSocket, ms. @default BOT_DATAGRAM_OPEN_TIMEOUT_MS */
  readonly datagramOpenTimeoutMs?: number;
}
