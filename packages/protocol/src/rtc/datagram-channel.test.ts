import { describe, expect, test } from 'vitest';
import type { RtcSignalMessage } from '../wire/messages';
import { DATAGRAM_ATTEMPTS, DatagramChannel, type DatagramFallback } from './datagram-channel';
import { CLIENT_DATAGRAM_OPEN_TIMEOUT_MS } from './datagram-negotiation';
import { fakeRtcPeers, ManualTimers } from './fake-rtc-peer';
import { DATAGRAM_CHANNEL_CLOSED } from './rtc-peer';

/** A channel on fake peers and a manual clock, recording what it signals and reports. */
function harness() {
  const { create, peers } = fakeRtcPeers();
  const timers = new ManualTimers();
  const signals: RtcSignalMessage[] = [];
  const opened: number[] = [];
  const fallbacks: DatagramFallback[] = [];
  const channel = new DatagramChannel(
    {
      signal: (message) => signals.push(message),
      datagram: () => {},
      opened: (attempts) => opened.push(attempts),
      fellBack: (fallback) => fallbacks.push(fallback),
    },
    { createPeer: create, startTimer: timers.start },
  );
  channel.start();
  return { channel, peers, timers, signals, opened, fallbacks };
}

/** The newest peer offers, then its handshake fails before the channel opens. */
function failHandshake(peers: ReturnType<typeof harness>['peers'], attempt: number): void {
  const peer = peers.at(-1)!;
  peer.events.offer(`v=0 offer ${attempt}`);
  peer.events.closed(DATAGRAM_CHANNEL_CLOSED);
  expect(peer.isClosed).toBe(true);
}

describe('DatagramChannel', () => {
  test(`a handshake that fails before opening is offered again on a new peer, ${DATAGRAM_ATTEMPTS} offers in all`, () => {
    const { peers, signals, fallbacks } = harness();
    for (let attempt = 1; attempt <= DATAGRAM_ATTEMPTS; attempt++) failHandshake(peers, attempt);
    expect(peers).toHaveLength(DATAGRAM_ATTEMPTS);
    // each failed try ends the server's side before the next offer, so that offer is not refused
    expect(signals.map((s) => s.kind)).toEqual(['offer', 'close', 'offer', 'close', 'offer', 'close']);
    expect(fallbacks).toEqual([
      { reason: DATAGRAM_CHANNEL_CLOSED, isServerClose: false, wasOpen: false, attempts: DATAGRAM_ATTEMPTS },
    ]);
  });

  test('a later offer that opens is reported with the offers it took, and carries datagrams', () => {
    const { channel, peers, opened, fallbacks } = harness();
    failHandshake(peers, 1);
    const peer = peers.at(-1)!;
    peer.events.offer('v=0 offer 2');
    peer.open();
    expect(opened).toEqual([2]);
    expect(channel.isOpen).toBe(true);
    expect(channel.send(new Uint8Array([7]))).toBe(true);
    expect(peer.sent).toEqual([new Uint8Array([7])]);
    expect(fallbacks).toEqual([]);
  });

  test('a channel that closes after opening goes back to the WebSocket, not to another offer', () => {
    const { channel, peers, fallbacks } = harness();
    const peer = peers[0]!;
    peer.events.offer('v=0 offer');
    peer.open();
    peer.events.closed(DATAGRAM_CHANNEL_CLOSED);
    expect(peers).toHaveLength(1);
    expect(channel.isOpen).toBe(false);
    expect(channel.send(new Uint8Array([1]))).toBe(false);
    expect(fallbacks).toEqual([
      { reason: DATAGRAM_CHANNEL_CLOSED, isServerClose: false, wasOpen: true, attempts: 1 },
    ]);
  });

  test('a timeout or the server’s refusal is final', () => {
    const timedOut = harness();
    timedOut.peers[0]!.events.offer('v=0 offer');
    timedOut.timers.advance(CLIENT_DATAGRAM_OPEN_TIMEOUT_MS * 10);
    expect(timedOut.peers).toHaveLength(1);
    expect(timedOut.fallbacks).toEqual([
      {
        reason: 'the datagram channel did not open in time',
        isServerClose: false,
        wasOpen: false,
        attempts: 1,
      },
    ]);

    const refused = harness();
    refused.peers[0]!.events.offer('v=0 offer');
    refused.channel.onSignal({ type: 'rtcSignal', kind: 'close', reason: 'too many offers' });
    expect(refused.peers).toHaveLength(1);
    expect(refused.fallbacks).toEqual([
      { reason: 'too many offers', isServerClose: true, wasOpen: false, attempts: 1 },
    ]);
  });

  test('close ends it quietly, and a peer failing afterwards starts nothing new', () => {
    const { channel, peers, signals, fallbacks, timers } = harness();
    const peer = peers[0]!;
    peer.events.offer('v=0 offer');
    channel.close();
    peer.events.closed(DATAGRAM_CHANNEL_CLOSED);
    timers.advance(CLIENT_DATAGRAM_OPEN_TIMEOUT_MS);
    expect(peer.isClosed).toBe(true);
    expect(peers).toHaveLength(1);
    expect(fallbacks).toEqual([]);
    expect(signals.map((s) => s.kind)).toEqual(['offer']);
  });

  test('no WebRTC at all (the factory throws) is a fallback with the reason, not an exception', () => {
    const fallbacks: DatagramFallback[] = [];
    const channel = new DatagramChannel(
      {
        signal: () => {},
        datagram: () => {},
        opened: () => {},
        fellBack: (fallback) => fallbacks.push(fallback),
      },
      {
        createPeer: () => {
          throw new Error('RTCPeerConnection is not defined');
        },
        startTimer: new ManualTimers().start,
      },
    );
    channel.start();
    expect(fallbacks).toEqual([
      {
        reason: 'WebRTC is unavailable: RTCPeerConnection is not defined',
        isServerClose: false,
        wasOpen: false,
        attempts: 1,
      },
    ]);
  });
});
