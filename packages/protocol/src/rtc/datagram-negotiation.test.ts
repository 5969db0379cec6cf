import { describe, expect, test } from 'vitest';
import type { RtcSignalMessage } from '../wire/messages';
import { CLIENT_DATAGRAM_OPEN_TIMEOUT_MS, DatagramNegotiation } from './datagram-negotiation';
import { fakeRtcPeers, ManualTimers } from './fake-rtc-peer';
import { DATAGRAM_CHANNEL_CLOSED } from './rtc-peer';

/** A negotiation on a fake peer and a manual clock, recording what it signals and reports. */
function harness(isBlocked = false) {
  const { create, peers } = fakeRtcPeers();
  const timers = new ManualTimers();
  const signals: RtcSignalMessage[] = [];
  const datagrams: Uint8Array[] = [];
  const fallbacks: { reason: string; isServerClose: boolean }[] = [];
  let opened = 0;
  const channel = new DatagramNegotiation(
    {
      signal: (message) => signals.push(message),
      datagram: (bytes) => datagrams.push(bytes),
      opened: () => opened++,
      fellBack: (reason, isServerClose) => fallbacks.push({ reason, isServerClose }),
    },
    { createPeer: create, startTimer: timers.start, isBlocked },
  );
  channel.start();
  const peer = peers[0]!;
  return { channel, peer, timers, signals, datagrams, fallbacks, opened: () => opened };
}

const answer: RtcSignalMessage = { type: 'rtcSignal', kind: 'answer', sdp: 'v=0 answer' };
const serverCandidate = (n: number): RtcSignalMessage => ({
  type: 'rtcSignal',
  kind: 'candidate',
  candidate: `candidate:${n} 1 UDP 1 127.0.0.1 5000${n} typ host`,
  mid: '0',
});
/** Lets the answer's promise settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('DatagramNegotiation', () => {
  test('sends one offer, and the candidates found before it only after it', () => {
    const { peer, signals } = harness();
    expect(peer.isStarted).toBe(true);
    peer.events.candidate('candidate:early', '0');
    expect(signals).toEqual([]);
    peer.events.offer('v=0 offer');
    peer.events.offer('v=0 again');
    peer.events.candidate('candidate:late', '0');
    expect(signals.map((s) => [s.kind, s.sdp ?? s.candidate])).toEqual([
      ['offer', 'v=0 offer'],
      ['candidate', 'candidate:early'],
      ['candidate', 'candidate:late'],
    ]);
  });

  test('server candidates that come before the answer are added once it is set', async () => {
    const { channel, peer } = harness();
    peer.events.offer('v=0 offer');
    channel.onSignal(serverCandidate(1));
    expect(peer.candidates).toEqual([]);
    channel.onSignal(answer);
    await settle();
    channel.onSignal(serverCandidate(2));
    expect(peer.answer).toBe('v=0 answer');
    expect(peer.candidates.map((c) => c.candidate)).toEqual([
      serverCandidate(1).candidate,
      serverCandidate(2).candidate,
    ]);
  });

  test('once open, datagrams pass both ways; none before', () => {
    const { channel, peer, datagrams, opened } = harness();
    peer.events.message(new Uint8Array([1]));
    expect(channel.send(new Uint8Array([2]))).toBe(false);
    peer.open();
    expect(opened()).toBe(1);
    expect(channel.isOpen).toBe(true);
    peer.events.message(new Uint8Array([3]));
    expect(channel.send(new Uint8Array([4]))).toBe(true);
    expect(datagrams).toEqual([new Uint8Array([3])]);
    expect(peer.sent).toEqual([new Uint8Array([4])]);
  });

  test('a channel not open in time falls back, tells the server, and takes nothing more', () => {
    const { channel, peer, timers, signals, fallbacks } = harness();
    peer.events.offer('v=0 offer');
    timers.advance(CLIENT_DATAGRAM_OPEN_TIMEOUT_MS - 1);
    expect(fallbacks).toEqual([]);
    timers.advance(1);
    expect(fallbacks).toEqual([
      { reason: 'the datagram channel did not open in time', isServerClose: false },
    ]);
    expect(signals.at(-1)).toMatchObject({ kind: 'close' });
    expect(peer.isClosed).toBe(true);
    channel.onSignal(answer);
    peer.open();
    expect(channel.isOpen).toBe(false);
    expect(fallbacks).toHaveLength(1);
  });

  test('the server’s close is the fallback, with its reason, and is not answered', () => {
    const { channel, peer, timers, signals, fallbacks } = harness();
    peer.events.offer('v=0 offer');
    channel.onSignal({ type: 'rtcSignal', kind: 'close', reason: 'room a sends over the WebSocket only' });
    expect(fallbacks).toEqual([{ reason: 'room a sends over the WebSocket only', isServerClose: true }]);
    expect(signals.map((s) => s.kind)).toEqual(['offer']);
    timers.advance(CLIENT_DATAGRAM_OPEN_TIMEOUT_MS);
    expect(fallbacks).toHaveLength(1);
  });

  test('a channel that closes after opening falls back and tells the server', () => {
    const { channel, peer, signals, fallbacks } = harness();
    peer.events.offer('v=0 offer');
    peer.open();
    peer.events.closed(DATAGRAM_CHANNEL_CLOSED);
    expect(channel.isOpen).toBe(false);
    expect(fallbacks).toEqual([{ reason: DATAGRAM_CHANNEL_CLOSED, isServerClose: false }]);
    expect(signals.at(-1)).toMatchObject({ kind: 'close', reason: DATAGRAM_CHANNEL_CLOSED });
  });

  test('an answer the peer refuses is a fallback', async () => {
    const { channel, peer, fallbacks } = harness();
    peer.refuseAnswer = 'bad sdp';
    peer.events.offer('v=0 offer');
    channel.onSignal(answer);
    await settle();
    expect(fallbacks[0]?.reason).toMatch(/the answer was refused: .*bad sdp/);
  });

  test('blocked (the test hook), the answer and candidates are ignored, so only the timeout ends it', async () => {
    const { channel, peer, timers, fallbacks } = harness(true);
    peer.events.offer('v=0 offer');
    channel.onSignal(serverCandidate(1));
    channel.onSignal(answer);
    await settle();
    expect(peer.answer).toBeUndefined();
    expect(peer.candidates).toEqual([]);
    timers.advance(CLIENT_DATAGRAM_OPEN_TIMEOUT_MS);
    expect(fallbacks).toHaveLength(1);
  });

  test('close ends the channel quietly (the room is left)', () => {
    const { channel, peer, signals, fallbacks, timers } = harness();
    peer.events.offer('v=0 offer');
    peer.open();
    channel.close();
    timers.advance(CLIENT_DATAGRAM_OPEN_TIMEOUT_MS);
    expect(peer.isClosed).toBe(true);
    expect(fallbacks).toEqual([]);
    expect(signals.map((s) => s.kind)).toEqual(['offer']);
  });
});
