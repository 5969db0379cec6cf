import {
  decodeClientMessage,
  ErrorCode,
  encodeClientMessage,
  encodeSnapshotMessage,
  type InputMessage,
  RedundantInputs,
  type RtcSignalMessage,
} from '@arena/protocol';
import { waitFor } from '@arena/testing';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { silentLogger } from '../../testing/fake-connection';
import { DatagramHost, type NodeDataChannel } from './datagram-host';
import type { DatagramLink } from './datagram-link';
import { DatagramStats } from './datagram-stats';

/** A stand-in for node-datachannel's DataChannel: records what is sent, lets the test deliver. */
class FakeChannel {
  readonly sent: Uint8Array[] = [];
  open = () => {};
  message: (data: Buffer) => void = () => {};
  closed = () => {};
  onOpen(callback: () => void) {
    this.open = callback;
  }
  onMessage(callback: (data: Buffer) => void) {
    this.message = callback;
  }
  onClosed(callback: () => void) {
    this.closed = callback;
  }
  sendMessageBinary(bytes: Uint8Array) {
    this.sent.push(Uint8Array.from(bytes));
    return true;
  }
  bufferedAmount() {
    return 0;
  }
  close() {}
}

/** A stand-in PeerConnection: answers any offer at once and hands out its channel. */
function fakeLibrary(channels: FakeChannel[]): NodeDataChannel {
  class FakePeer {
    private describe: (sdp: string, type: string) => void = () => {};
    onLocalDescription(callback: (sdp: string, type: string) => void) {
      this.describe = callback;
    }
    onLocalCandidate() {}
    setRemoteDescription() {
      this.describe('v=0 answer', 'answer');
    }
    createDataChannel() {
      const channel = new FakeChannel();
      channels.push(channel);
      return channel;
    }
    addRemoteCandidate() {}
    close() {}
  }
  return { PeerConnection: FakePeer } as unknown as NodeDataChannel;
}

interface Harness {
  readonly link: DatagramLink;
  readonly channel: FakeChannel;
  readonly stats: DatagramStats;
  readonly signals: RtcSignalMessage[];
  readonly delivered: Uint8Array[];
  readonly strikes: string[];
}

async function openLink(): Promise<Harness> {
  const channels: FakeChannel[] = [];
  const stats = new DatagramStats();
  const host = new DatagramHost({ logger: silentLogger, stats, library: async () => fakeLibrary(channels) });
  const signals: RtcSignalMessage[] = [];
  const delivered: Uint8Array[] = [];
  const strikes: string[] = [];
  const link = host.link('socket-1', {
    sendSignal: (message) => signals.push(message),
    admit: () => true,
    deliver: (bytes) => delivered.push(bytes),
    strike: (code, message) => strikes.push(`${code}: ${message}`),
  });
  link.signal({ type: 'rtcSignal', kind: 'offer', sdp: 'v=0 offer' });
  await waitFor(() => channels.length === 1, 'the peer made');
  const channel = channels[0]!;
  channel.open();
  return { link, channel, stats, signals, delivered, strikes };
}

function input(seq: number): InputMessage {
  return {
    type: 'input',
    seq,
    moveX: 1,
    moveY: 0,
    aim: 0,
    fire: false,
    clientTimeMs: 0,
    lastSnapshotTick: seq,
  };
}

function deliveredSeqs(delivered: readonly Uint8Array[]): number[] {
  return delivered.flatMap((bytes) => {
    const decoded = decodeClientMessage(bytes);
    if (!decoded.ok || decoded.value.type !== 'inputs') return [];
    const { firstSeq, inputs } = decoded.value;
    return inputs.map((_, i) => firstSeq + i);
  });
}

describe('DatagramLink', () => {
  test('answers an offer and, once open, sends a snapshot as the bytes of its WebSocket message', async () => {
    const { link, channel, stats, signals } = await openLink();
    expect(signals).toEqual([{ type: 'rtcSignal', kind: 'answer', sdp: 'v=0 answer' }]);
    expect(link.isOpen).toBe(true);
    expect(stats.open).toBe(1);
    const body = new Uint8Array(200).fill(7);
    const sent = link.sendSnapshot(120, 9, body);
    expect(channel.sent).toEqual([encodeSnapshotMessage(120, 9, body)]);
    expect(sent).toBe(channel.sent[0]!.length);
  });

  test('a snapshot larger than a datagram is left to the WebSocket, and counted', async () => {
    const { link, channel, stats } = await openLink();
    expect(link.sendSnapshot(120, 9, new Uint8Array(1200))).toBe(0);
    expect(channel.sent).toEqual([]);
    expect(stats.oversizedSnapshots).toBe(1);
  });

  test('redundant inputs reach the session once each; a lost datagram is recovered and counted lost', async () => {
    const { channel, stats, delivered } = await openLink();
    const redundant = new RedundantInputs();
    const datagrams = Array.from({ length: 45 }, (_, i) => encodeClientMessage(redundant.push(input(i + 1))));
    // datagram 5 is lost; 7 arrives twice
    for (const [i, bytes] of datagrams.entries()) {
      if (i === 4) continue;
      channel.message(Buffer.from(bytes));
      if (i === 6) channel.message(Buffer.from(bytes));
    }
    expect(deliveredSeqs(delivered)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(stats.lost).toBe(1);
    expect(stats.datagramsIn).toBe(45);
  });

  test('only inputs and acks are taken from the channel; a join or chat is struck', async () => {
    const { channel, delivered, strikes } = await openLink();
    channel.message(Buffer.from(encodeClientMessage({ type: 'chat', text: 'hello' })));
    channel.message(
      Buffer.from(encodeClientMessage({ type: 'join', protocolVersion: 1, name: 'x', roomId: 'any' })),
    );
    channel.message(Buffer.from(encodeClientMessage({ type: 'ack', lastSnapshotTick: 4 })));
    expect(strikes).toHaveLength(2);
    expect(strikes[0]).toContain(ErrorCode.BAD_MESSAGE);
    expect(delivered).toHaveLength(1);
  });

  describe("the room's simulated network", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    test('delays snapshots out and inputs in by the latency, each way', async () => {
      const { link, channel, delivered } = await openLink();
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      link.simulateNetwork({ latencyMs: 50, jitterMs: 0, lossPct: 0, bandwidthKbps: 0 });
      const body = new Uint8Array(40).fill(3);
      expect(link.sendSnapshot(7, 1, body)).toBeGreaterThan(0);
      channel.message(Buffer.from(encodeClientMessage(new RedundantInputs().push(input(1)))));
      vi.advanceTimersByTime(49);
      expect(channel.sent).toEqual([]);
      expect(delivered).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(channel.sent).toEqual([encodeSnapshotMessage(7, 1, body)]);
      expect(deliveredSeqs(delivered)).toEqual([1]);
    });

    test('loses datagrams both ways (never retransmitted); redundancy recovers the inputs, and the loss is counted', async () => {
      const { link, channel, stats, delivered } = await openLink();
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      link.simulateNetwork({ latencyMs: 10, jitterMs: 0, lossPct: 100, bandwidthKbps: 0 });
      const redundant = new RedundantInputs();
      for (let seq = 1; seq <= 3; seq++) {
        link.sendSnapshot(seq, 0, new Uint8Array(20));
        channel.message(Buffer.from(encodeClientMessage(redundant.push(input(seq)))));
      }
      vi.advanceTimersByTime(1000);
      expect(channel.sent).toEqual([]);
      expect(delivered).toEqual([]);
      expect(stats.datagramsIn).toBe(0);
      // the network clears: the next datagram brings the 3 inputs lost before it
      link.simulateNetwork(undefined);
      channel.message(Buffer.from(encodeClientMessage(redundant.push(input(4)))));
      expect(deliveredSeqs(delivered)).toEqual([1, 2, 3, 4]);
      link.sendSnapshot(5, 0, new Uint8Array(20));
      expect(channel.sent).toHaveLength(1);
    });

    test('what is in flight is forgotten when the channel closes', async () => {
      const { link, channel, delivered } = await openLink();
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      link.simulateNetwork({ latencyMs: 50, jitterMs: 0, lossPct: 0, bandwidthKbps: 0 });
      link.sendSnapshot(1, 0, new Uint8Array(20));
      channel.message(Buffer.from(encodeClientMessage(new RedundantInputs().push(input(1)))));
      link.close('the seat was left');
      vi.advanceTimersByTime(1000);
      expect(channel.sent).toEqual([]);
      expect(delivered).toEqual([]);
    });
  });

  test('closed (the seat left), the link tells the client and acts on no datagram', async () => {
    const { link, channel, stats, signals, delivered } = await openLink();
    link.close('the seat was left');
    expect(signals.at(-1)).toEqual({ type: 'rtcSignal', kind: 'close', reason: 'the seat was left' });
    expect(stats.open).toBe(0);
    channel.message(Buffer.from(encodeClientMessage(new RedundantInputs().push(input(1)))));
    expect(delivered).toEqual([]);
    expect(link.sendSnapshot(1, 0, new Uint8Array(10))).toBe(0);
  });
});
