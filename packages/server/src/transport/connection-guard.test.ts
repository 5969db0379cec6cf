import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { ConnectionGuard, type GuardLimits } from './connection-guard';
import type { EngineConnection } from './stack-internals';

const limits: GuardLimits = {
  maxPacketBytes: 4096,
  messageRatePerS: 200,
  messageBurst: 100,
  maxDroppedMessages: 400,
  maxBadMessages: 5,
  outboundSkipBytes: 1000,
  outboundMaxBytes: 100_000,
  slowConsumerMs: 3000,
};

/** A guard over a fake connection whose WebSocket backlog the test sets, on a clock it moves. */
function guardWithBacklog() {
  let nowMs = 0;
  const socket = { bufferedAmount: 0 };
  // engine.io's private fields the backlog is read from: its write buffer and the WebSocket's
  const conn = {
    id: 'c1',
    request: {} as IncomingMessage,
    readyState: 'open',
    writeBuffer: [],
    transport: { name: 'websocket', socket },
    write() {},
    close() {},
    on: () => undefined,
    once: () => undefined,
  } as unknown as EngineConnection;
  const disconnects: ErrorCode[] = [];
  const guard = new ConnectionGuard(conn, '127.0.0.1', {
    limits,
    logger: { info() {}, warn() {}, error() {} },
    now: () => nowMs,
    disconnected: (code) => disconnects.push(code),
  });
  guard.attachSession({ sendUnchecked() {}, beforeDisconnect() {}, disconnect() {} });
  return {
    guard,
    disconnects,
    setBacklog: (bytes: number) => {
      socket.bufferedAmount = bytes;
    },
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

describe('ConnectionGuard snapshot admission', () => {
  test('a backed-up client has snapshots skipped, and is dropped after slowConsumerMs backed up', () => {
    const { guard, disconnects, setBacklog, advance } = guardWithBacklog();
    setBacklog(5000);
    expect(guard.admitSnapshot()).toBe(false);
    advance(2000);
    expect(guard.admitSnapshot()).toBe(false);
    expect(disconnects).toEqual([]);
    advance(1000);
    guard.admitSnapshot();
    expect(disconnects).toEqual([ErrorCode.SLOW_CONSUMER]);
  });

  test('a snapshot to a drained client ends a backed-up spell: the next spell is timed from its own start', () => {
    const { guard, disconnects, setBacklog, advance } = guardWithBacklog();
    setBacklog(5000);
    expect(guard.admitSnapshot()).toBe(false);
    advance(2000);
    setBacklog(0); // the client read everything
    expect(guard.admitSnapshot()).toBe(true);
    advance(500);
    setBacklog(5000);
    expect(guard.admitSnapshot()).toBe(false);
    advance(2000); // 4.5 s since the first spell began, 2 s into this one
    expect(guard.admitSnapshot()).toBe(false);
    expect(disconnects).toEqual([]);
  });

  test('no snapshot is admitted once the client is being disconnected', () => {
    const { guard } = guardWithBacklog();
    expect(guard.admitSnapshot()).toBe(true);
    guard.disconnectWith(ErrorCode.SERVER_SHUTDOWN, 'bye', { keepSeat: false });
    expect(guard.admitSnapshot()).toBe(false);
    expect(guard.admitSnapshot()).toBe(false);
  });
});
