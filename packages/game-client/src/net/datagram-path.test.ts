import {
  type ClientMessage,
  DATAGRAM_ATTEMPTS,
  DATAGRAM_CHANNEL_CLOSED,
  decodeClientMessage,
  encodeSnapshotMessage,
  GAP_WINDOW,
  PROTOCOL_VERSION,
  type RtcSignalMessage,
  type SnapshotMessage,
  type WelcomeMessage,
} from '@arena/protocol';
import { fakeRtcPeers, ManualTimers } from '@arena/protocol/testing';
import { describe, expect, test } from 'vitest';
import { DatagramPath } from './datagram-path';

const WELCOME: WelcomeMessage = {
  type: 'welcome',
  protocolVersion: PROTOCOL_VERSION,
  playerId: 3,
  roomId: 'duel',
  tickRateHz: 60,
  snapshotRateHz: 30,
  strategy: 'full',
  mode: 'arena',
  arenaWidth: 1000,
  arenaHeight: 1000,
  walls: [],
  serverTimeMs: 0,
  tick: 0,
  players: [],
};

function harness() {
  const { create, peers } = fakeRtcPeers();
  const timers = new ManualTimers();
  const signals: RtcSignalMessage[] = [];
  const delivered: SnapshotMessage[] = [];
  const traffic = { in: 0, out: 0 };
  const path = new DatagramPath({
    signal: (message) => signals.push(message),
    deliver: (message) => delivered.push(message),
    traffic: {
      recordBytesIn: (bytes) => {
        traffic.in += bytes;
      },
      recordBytesOut: (bytes) => {
        traffic.out += bytes;
      },
    },
    createPeer: create,
    startTimer: timers.start,
  });
  /** The newest peer offers, and the browser opens its channel. */
  const open = () => {
    const peer = peers.at(-1)!;
    peer.events.offer('v=0 offer');
    peer.open();
    return peer;
  };
  return { path, peers, timers, signals, delivered, traffic, open };
}

const sentMessages = (sent: readonly Uint8Array[]): ClientMessage[] =>
  sent.map((bytes) => {
    const decoded = decodeClientMessage(bytes);
    if (!decoded.ok) throw new Error(decoded.error.message);
    return decoded.value;
  });

const input = (seq: number): ClientMessage => ({
  type: 'input',
  seq,
  moveX: 1,
  moveY: 0,
  aim: 0,
  fire: false,
  clientTimeMs: 1000,
  lastSnapshotTick: 8,
});

describe('DatagramPath', () => {
  test('stays on the WebSocket until the channel opens, then says "datagram"', () => {
    const { path, open } = harness();
    path.seated(WELCOME, true, false);
    expect(path.state.path).toBe('websocket');
    expect(path.describe()).toBe('path websocket (datagram channel opening…)');
    expect(path.trySend(input(1))).toBe(false);
    open();
    expect(path.state).toEqual({
      path: 'datagram',
      fallbackReason: null,
      datagramLossPct: null,
      datagramsReceived: 0,
    });
  });

  test('offers nothing when not wanted, nor for a spectator', () => {
    const { path, peers } = harness();
    path.seated(WELCOME, false, false);
    path.seated({ ...WELCOME, playerId: 0 }, true, true);
    expect(peers).toEqual([]);
    expect(path.describe()).toBe('path websocket');
  });

  test('a room without datagrams is no failure, unless the player asked for them', () => {
    const { path } = harness();
    const noDatagrams: RtcSignalMessage = {
      type: 'rtcSignal',
      kind: 'close',
      reason: 'room duel sends over the WebSocket only',
    };
    path.seated(WELCOME, true, false);
    path.onSignal(noDatagrams);
    expect(path.state.fallbackReason).toBeNull();
    expect(path.describe()).toBe('path websocket');
    path.seated(WELCOME, true, true);
    path.onSignal(noDatagrams);
    expect(path.state.fallbackReason).toBe('room duel sends over the WebSocket only');
    expect(path.describe()).toBe(
      'path websocket (datagram channel failed: room duel sends over the WebSocket only)',
    );
  });

  test('says the reason once every offer of the seat failed', () => {
    const { path, peers } = harness();
    path.seated(WELCOME, true, false);
    for (let attempt = 1; attempt <= DATAGRAM_ATTEMPTS; attempt++) {
      expect(path.describe()).toBe('path websocket (datagram channel opening…)');
      peers.at(-1)!.events.offer(`v=0 offer ${attempt}`);
      peers.at(-1)!.events.closed(DATAGRAM_CHANNEL_CLOSED);
    }
    expect(peers).toHaveLength(DATAGRAM_ATTEMPTS);
    expect(path.state).toMatchObject({ path: 'websocket', fallbackReason: DATAGRAM_CHANNEL_CLOSED });
  });

  test('a timeout is not tried again', () => {
    const { path, peers, timers } = harness();
    path.seated(WELCOME, true, false);
    peers[0]!.events.offer('v=0 offer');
    timers.advance(60_000);
    expect(peers).toHaveLength(1);
    expect(path.state.fallbackReason).toBe('the datagram channel did not open in time');
  });

  test('inputs leave with the ones before them, acks alone; a batch longer than the repeats stays on the WebSocket', () => {
    const { path, open, traffic } = harness();
    path.seated(WELCOME, true, false);
    const peer = open();
    for (let seq = 1; seq <= 5; seq++) expect(path.trySend(input(seq))).toBe(true);
    expect(path.trySend({ type: 'ack', lastSnapshotTick: 8 })).toBe(true);
    const batch: ClientMessage = {
      type: 'inputs',
      firstSeq: 6,
      inputs: Array.from({ length: 5 }, () => ({ moveX: 0, moveY: 1, aim: 0, fire: false })),
      clientTimeMs: 1000,
      lastSnapshotTick: 8,
    };
    expect(path.trySend(batch)).toBe(false);
    expect(path.trySend({ ...batch, firstSeq: 11, inputs: batch.inputs.slice(0, 2) })).toBe(true);
    expect(path.trySend({ type: 'leave' })).toBe(false);
    const sent = sentMessages(peer.sent);
    expect(sent.map((m) => (m.type === 'inputs' ? [m.firstSeq, m.inputs.length] : m.type))).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [1, 4],
      [2, 4],
      'ack',
      // seqs 6..10 went over the WebSocket; the window still holds them
      [9, 4],
    ]);
    expect(traffic.out).toBe(peer.sent.reduce((sum, bytes) => sum + bytes.length, 0));
  });

  test('snapshots on the channel are delivered, and their loss counted from gaps in their sequence', () => {
    const { path, open, delivered } = harness();
    path.seated(WELCOME, true, false);
    const peer = open();
    const body = new Uint8Array([1, 2, 3]);
    // 30 snapshots a second at 60 ticks: every other tick; ticks 20 and 22 are lost, 30 came over the WebSocket
    const lostTicks = new Set([20, 22]);
    for (let tick = 2; tick <= 2 * (GAP_WINDOW + 20); tick += 2) {
      if (tick === 30) path.snapshotOverWebSocket(tick);
      else if (!lostTicks.has(tick)) peer.events.message(encodeSnapshotMessage(tick, 0, body));
    }
    const received = GAP_WINDOW + 20 - 3;
    expect(delivered).toHaveLength(received);
    expect(delivered[0]).toMatchObject({ type: 'snapshot', tick: 2, ackSeq: 0 });
    const { datagramLossPct, datagramsReceived } = path.state;
    expect(datagramsReceived).toBe(received);
    expect(datagramLossPct).toBeCloseTo((100 * 2) / (GAP_WINDOW + 20), 6);
    expect(path.describe()).toMatch(/^path datagram · datagram loss 3\.8 % \(49 received\)$/);
  });

  test('leaving ends the channel and starts the next room afresh', () => {
    const { path, open, peers } = harness();
    path.seated(WELCOME, true, false);
    open();
    path.left();
    expect(peers[0]!.isClosed).toBe(true);
    expect(path.state).toEqual({
      path: 'websocket',
      fallbackReason: null,
      datagramLossPct: null,
      datagramsReceived: 0,
    });
  });
});
