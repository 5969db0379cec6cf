/** What a WebRTC peer reports to the datagram channel that owns it. */
export interface RtcPeerEvents {
  /** The local offer, set and ready to send. */
  offer(sdp: string): void;
  /** One local ICE candidate (`candidate:...`) and the media id it belongs to. */
  candidate(candidate: string, mid: string): void;
  /** The channel opened. */
  open(): void;
  /** A binary message on the channel. */
  message(bytes: Uint8Array): void;
  /** The channel closed, or the connection failed (ICE, DTLS): `reason` says which. */
  closed(reason: string): void;
}

/**
 * The few things a datagram channel needs of a WebRTC peer, so one signalling logic runs on the
 * browser's RTCPeerConnection, on node-datachannel for the bots, and on a stand-in in tests.
 * Each peer makes the negotiated, unordered, never-retransmitted channel (DATAGRAM_CHANNEL_ID).
 */
export interface RtcPeer {
  /** Creates the negotiated channel and the offer (reported through `offer`). */
  start(): void;
  setAnswer(sdp: string): Promise<void>;
  addCandidate(candidate: string, mid: string): Promise<void>;
  /** False when the message could not be sent (not open, or the channel refused it). */
  send(bytes: Uint8Array): boolean;
  close(): void;
}

export type RtcPeerFactory = (events: RtcPeerEvents) => RtcPeer;

/** Starts a timer; the function returned cancels it (tests pass a manual clock). */
export type StartTimer = (callback: () => void, delayMs: number) => () => void;

/** Why a channel ended when it closed on its own; the server words it the same way. */
export const DATAGRAM_CHANNEL_CLOSED = 'the datagram channel closed';
