import type { RtcPeer, RtcPeerEvents, RtcPeerFactory, StartTimer } from './rtc-peer';

/** A stand-in RtcPeer for tests: records what it is told; the test plays the peer's events. */
export class FakeRtcPeer implements RtcPeer {
  isStarted = false;
  isClosed = false;
  isOpen = false;
  answer: string | undefined;
  readonly candidates: { candidate: string; mid: string }[] = [];
  readonly sent: Uint8Array[] = [];
  /** Set: setAnswer rejects with it. */
  refuseAnswer: string | undefined;

  constructor(readonly events: RtcPeerEvents) {}

  start(): void {
    this.isStarted = true;
  }

  setAnswer(sdp: string): Promise<void> {
    if (this.refuseAnswer !== undefined) return Promise.reject(new Error(this.refuseAnswer));
    this.answer = sdp;
    return Promise.resolve();
  }

  addCandidate(candidate: string, mid: string): Promise<void> {
    this.candidates.push({ candidate, mid });
    return Promise.resolve();
  }

  send(bytes: Uint8Array): boolean {
    if (!this.isOpen) return false;
    this.sent.push(bytes);
    return true;
  }

  close(): void {
    this.isClosed = true;
    this.isOpen = false;
  }

  /** The peer opened the channel. */
  open(): void {
    this.isOpen = true;
    this.events.open();
  }
}

/** A factory that keeps every peer it made, newest last. */
export function fakeRtcPeers(): { readonly create: RtcPeerFactory; readonly peers: FakeRtcPeer[] } {
  const peers: FakeRtcPeer[] = [];
  return {
    peers,
    create: (events) => {
      const peer = new FakeRtcPeer(events);
      peers.push(peer);
      return peer;
    },
  };
}

/** Timers on a manual clock: `advance` fires the ones due. */
export class ManualTimers {
  private nowMs = 0;
  private readonly pending: { atMs: number; callback: () => void; isCancelled: boolean }[] = [];

  readonly start: StartTimer = (callback, delayMs) => {
    const timer = { atMs: this.nowMs + delayMs, callback, isCancelled: false };
    this.pending.push(timer);
    return () => {
      timer.isCancelled = true;
    };
  };

  advance(ms: number): void {
    this.nowMs += ms;
    for (const timer of this.pending.splice(0)) {
      if (timer.isCancelled) continue;
      if (timer.atMs <= this.nowMs) timer.callback();
      else this.pending.push(timer);
    }
  }
}
